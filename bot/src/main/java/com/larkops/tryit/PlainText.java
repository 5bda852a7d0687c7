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
        int col = width(lead);
        int room = WIDTH - width(indent);
        boolean lineStart = true;
        for (String word : line.split(" ", -1)) {
            while (width(word) > room) { // unbreakable (a full digest, a sentence of Chinese): cut it
                if (!lineStart) {
                    out.append('\n').append(indent);
                    col = width(indent);
                }
                int take = fitting(word, WIDTH - col);
                out.append(word, 0, take).append('\n').append(indent);
                word = word.substring(take);
                col = width(indent);
                lineStart = true;
            }
            int need = (lineStart ? 0 : 1) + width(word);
            if (!lineStart && col + need > WIDTH) {
                out.append('\n').append(indent);
                col = width(indent);
                lineStart = true;
                need = width(word);
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

    /** Terminal columns of {@code s}: Chinese, Japanese and full-width characters take two. */
    static int width(String s) {
        return s.codePoints().map(cp -> wide(cp) ? 2 : 1).sum();
    }

    /** How many chars of {@code word} fit in {@code columns} (at least one code point, so a cut always advances). */
    private static int fitting(String word, int columns) {
        int used = 0;
        int i = 0;
        while (i < word.length()) {
            int cp = word.codePointAt(i);
            int w = wide(cp) ? 2 : 1;
            if (used + w > columns && i > 0) {
                break;
            }
            used += w;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** East Asian wide and full-width ranges (Unicode EastAsianWidth W and F), enough for CJK, kana and hangul. */
    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
