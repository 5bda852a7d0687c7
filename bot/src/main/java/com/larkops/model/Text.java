package com.larkops.model;

/** Small helpers for echoing untrusted text (user input, image labels, container logs, skill answers) safely in messages. */
public final class Text {
    private Text() {
    }

    /**
     * Per process and invisible: 64 zero-width characters (U+200B / U+200C, one per random bit) that make a
     * {@link #mention} token impossible for free text to forge; a token some path forgets to render still
     * reads as the bare id.
     */
    private static final String KEY = invisibleKey();
    private static final String OPEN = "\u2063";
    private static final String CLOSE = "\u2064";
    private static final java.util.regex.Pattern MENTION = java.util.regex.Pattern.compile(
            OPEN + java.util.regex.Pattern.quote(KEY) + "(ou_[A-Za-z0-9_-]{1,64})" + CLOSE);

    /**
     * A user from a typed field (who requested, holds, froze, set a flag) in our message text: an open id
     * becomes a token that the renderers ({@link #render}: card markdown, Lark text messages, plain text) turn
     * into that transport's mention. Free text is never scanned for ids and cannot forge a token, so a reason
     * saying "by ou_x" or {@code <at id=all>} mentions nobody. Anything else ({@code os:root}) comes back escaped.
     */
    public static String mention(String user) {
        if (user != null && user.matches("ou_[A-Za-z0-9_-]{1,64}")) {
            return OPEN + KEY + user + CLOSE;
        }
        return escape(user == null || user.isBlank() ? "?" : user);
    }

    private static String invisibleKey() {
        long bits = new java.security.SecureRandom().nextLong();
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            sb.append((bits >>> i & 1) == 0 ? '\u200B' : '\u200C');
        }
        return sb.toString();
    }

    /** {@code text} for a transport: each {@link #mention} token through {@code mention}, everything between through {@code other}. */
    public static String render(String text, java.util.function.UnaryOperator<String> other,
                                java.util.function.UnaryOperator<String> mention) {
        if (text == null) {
            return "";
        }
        java.util.regex.Matcher m = MENTION.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(other.apply(text.substring(last, m.start()))).append(mention.apply(m.group(1)));
            last = m.end();
        }
        return sb.append(other.apply(text.substring(last))).toString();
    }

    /** For a terminal, a log or the audit trail: mentions as the bare id, the rest as it is. */
    public static String plain(String text) {
        return render(text, s -> s, id -> id);
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
