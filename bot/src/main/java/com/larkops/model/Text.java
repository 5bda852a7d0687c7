package com.larkops.model;

/** Small helpers for echoing untrusted text (user input, image labels, container logs, skill answers) safely in messages. */
public final class Text {
    private Text() {
    }

    /** User input shortened for an error message, so a huge argument cannot flood a reply; escaped like {@link #escape}. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        return escape(s.length() <= 80 ? s : s.substring(0, 77) + "...");
    }

    /**
     * Untrusted text made inert for Lark, in a text message and in card markdown alike: no {@code <at …>}
     * mention or other tag, no link, no bold, strike or code span can be opened by it. The characters
     * that open markup become look-alikes that Lark prints literally ({@code <}→{@code ‹}, {@code ](}→{@code ］(},
     * {@code *}→{@code ∗}, …), and a URL scheme gets a zero-width break so it is not linked. Readable, and
     * safe to apply once more. Control characters other than newline and tab become spaces.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append('‹');
                case '>' -> out.append('›');
                // a link is [text](url): breaking "](" is enough, and "flags[]" stays as typed
                case ']' -> out.append(i + 1 < s.length() && s.charAt(i + 1) == '(' ? '］' : ']');
                case '*' -> out.append('∗');
                case '~' -> out.append('∼');
                case '`' -> out.append('ˋ');
                case '&' -> out.append('＆');
                case '/' -> {
                    out.append('/');
                    // "://" → ":/\u200B/": still reads as a URL, no longer becomes a link
                    if (i >= 1 && s.charAt(i - 1) == ':' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                        out.append('\u200B');
                    }
                }
                default -> out.append(c == '\n' || c == '\t' || !Character.isISOControl(c) ? c : ' ');
            }
        }
        return out.toString();
    }
}
