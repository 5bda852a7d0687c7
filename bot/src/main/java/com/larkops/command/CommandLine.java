package com.larkops.command;

import com.larkops.i18n.Msg;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the chat grammar: optional leading @mentions (Lark writes them as {@code @_user_1}), then
 * {@code /name}, then words; "double" or 'single' quotes group words; {@code --flag} words are flags.
 */
public final class CommandLine {
    static final int MAX_LENGTH = 2000;

    private CommandLine() {
    }

    /** True when the text (after mentions) looks like a command at all, i.e. starts with '/'. */
    public static boolean isCommand(String text) {
        return text != null && startsWithSlash(stripMentions(text));
    }

    /** '/' or the full-width '／' a Chinese input method types. */
    private static boolean startsWithSlash(String body) {
        return body.startsWith("/") || body.startsWith(FULL_WIDTH_SLASH);
    }

    private static final String FULL_WIDTH_SLASH = "\uff0f";

    public static Command parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(Msg.of("command.parse.empty"));
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(Msg.of("command.parse.too_long", text.length(), MAX_LENGTH));
        }
        String body = stripMentions(text);
        if (!startsWithSlash(body)) {
            throw new InvalidInputException(Msg.of("command.parse.no_slash"));
        }
        body = english(body);
        List<String> words = split(body);
        String name = words.get(0).substring(1).toLowerCase();
        if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new InvalidInputException(Msg.of("command.parse.not_a_command", Text.clip(words.get(0))));
        }
        List<String> args = new ArrayList<>();
        Set<String> flags = new LinkedHashSet<>();
        for (String w : words.subList(1, words.size())) {
            if (w.startsWith("--") && w.length() > 2) {
                flags.add(w.substring(2).toLowerCase());
            } else {
                args.add(w);
            }
        }
        return new Command(name, args, flags, body);
    }

    /** "/部署 echo 1.4.2" → "/deploy echo 1.4.2": from here on the text reads as the English command it stands for. */
    private static String english(String body) {
        int end = 1;
        while (end < body.length() && !Character.isWhitespace(body.charAt(end))) {
            end++;
        }
        String first = body.substring(1, end);
        return "/" + Aliases.name(first).orElse(first) + body.substring(end);
    }

    /** One pass over the text with an index: a message of thousands of mentions costs no more than its length. */
    static String stripMentions(String text) {
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '@') {
                break;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        return text.substring(i).strip();
    }

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'' || c == '\u201c' || c == '\u201d') {
                quote = c == '\u201c' ? '\u201d' : c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InvalidInputException(Msg.of("command.parse.unterminated_quote", quote));
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
