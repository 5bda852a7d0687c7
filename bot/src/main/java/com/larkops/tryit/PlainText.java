package com.larkops.tryit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lark markdown as a terminal shows it: mentions as {@code @ou_x}, no {@code **}, backticks, code fences
 * or font tags; and lines wrapped to a width. Every pattern is linear (no nested quantifiers) and runs on
 * text the bot itself produced.
 */
final class PlainText {
    static final int WIDTH = 80;
    private static final Pattern MENTION = Pattern.compile("<at (?:id|user_id|open_id)=\"?([A-Za-z0-9_]{1,64})\"?>[^<]{0,200}</at>");
    private static final Pattern TAG = Pattern.compile("</?(?:font|text_tag)[^>]{0,200}>");

    private PlainText() {
    }

    static String markdown(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                continue; // fences only; the block's lines stay, as the card shows them
            }
            String plain = MENTION.matcher(line).replaceAll("@$1");
            plain = TAG.matcher(plain).replaceAll("");
            lines.add(plain.replace("**", "").replace("`", ""));
        }
        return String.join("\n", lines);
    }

    /**
     * Wraps {@code text} so that no line passes {@link #WIDTH}: the first line after {@code prefix}, the
     * following ones after {@code indent}; words longer than a line (a full digest) are cut.
     */
    static String wrap(String prefix, String indent, String text) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (String line : text.split("\n", -1)) {
            String lead = first ? prefix : indent;
            first = false;
            out.append(fill(lead, indent, line));
        }
        return out.toString();
    }

    private static String fill(String lead, String indent, String line) {
        StringBuilder out = new StringBuilder(lead);
        int col = lead.length();
        int room = WIDTH - indent.length();
        boolean lineStart = true;
        for (String word : line.split(" ", -1)) {
            while (word.length() > room) { // unbreakable: cut it
                if (!lineStart) {
                    out.append('\n').append(indent);
                    col = indent.length();
                }
                int take = WIDTH - col;
                out.append(word, 0, take).append('\n').append(indent);
                word = word.substring(take);
                col = indent.length();
                lineStart = true;
            }
            int need = (lineStart ? 0 : 1) + word.length();
            if (!lineStart && col + need > WIDTH) {
                out.append('\n').append(indent);
                col = indent.length();
                lineStart = true;
                need = word.length();
            }
            if (!lineStart) {
                out.append(' ');
            }
            out.append(word);
            col += need;
            lineStart = false;
        }
        return out.append('\n').toString();
    }
}
