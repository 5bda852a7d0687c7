package com.larkops.cards;

import com.larkops.model.Text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Text for Lark markdown, made safe: anything that came from outside (service names, versions, log
 * lines, reasons) goes through {@link #escape} so it can neither format nor mention nor link; users
 * become {@code <at id=…></at>} mentions, never bare ids.
 */
public final class Md {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX = 2000;

    private Md() {
    }

    /**
     * Untrusted text as literal markdown: the project's one escaping function ({@link Text#escape}: no tag,
     * mention, link, bold, strike or code span can be opened), plus what cards need on top: a {@code |} cannot
     * split a table cell and a {@code #} cannot start a heading. Bounded; safe to apply twice.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String t = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
        String e = Text.escape(t).replace("\r", "").replace('|', '∣');
        e = e.replace("\n#", "\n＃");
        return e.startsWith("#") ? "＃" + e.substring(1) : e;
    }

    /**
     * Our own message text (it may quote untrusted input): escaped like {@link #escape}, with the mentions that
     * {@link Text#mention} wrote for typed user fields. Nothing in free text becomes a mention: not a bare
     * {@code ou_…}, not "by ou_…", not an {@code <at …>} tag.
     */
    public static String text(String text) {
        return Text.render(text, Md::escape, Md::mention);
    }

    /**
     * A user from a typed field as a card-markdown mention when it is an open id; shell users ({@code os:root})
     * and others as escaped text. For card builders; text that may become a card or a message uses {@link Text#mention}.
     */
    public static String mention(String user) {
        if (user != null && user.matches("ou_[A-Za-z0-9_-]{1,64}")) {
            return "<at id=" + user + "></at>";
        }
        return escape(user == null || user.isBlank() ? "?" : user);
    }

    /** Relative and absolute, in each language: {@code 3m ago (2026-11-28 04:10:00 UTC)}, {@code 3m前（2026-11-28 04:10:00 UTC）}. */
    public static com.larkops.i18n.Text when(Instant t, Instant now) {
        if (t == null) {
            return com.larkops.i18n.Text.verbatim("?");
        }
        return com.larkops.i18n.Msg.of("release.time.when", ago(t, now), WHEN.format(t));
    }

    public static String absolute(Instant t) {
        return t == null ? "?" : WHEN.format(t);
    }

    /** {@code 3m ago} or {@code in 5m}, in each language. */
    public static com.larkops.i18n.Text ago(Instant t, Instant now) {
        if (t == null) {
            return com.larkops.i18n.Text.verbatim("?");
        }
        Duration d = Duration.between(t, now);
        return d.isNegative() ? com.larkops.i18n.Msg.of("release.time.in", human(d.negated()))
                : com.larkops.i18n.Msg.of("release.time.ago", human(d));
    }

    /** Short durations for cards: {@code 850ms}, {@code 12s}, {@code 3m 20s}, {@code 2h 5m}, {@code 4d 3h}. */
    public static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
        }
        return (s / 86_400) + "d" + ((s % 86_400) / 3600 == 0 ? "" : " " + (s % 86_400) / 3600 + "h");
    }

    /** Red text (drift, failures); {@code text} must already be escaped. */
    public static String red(String escaped) {
        return "<font color='red'>" + escaped + "</font>";
    }

    public static String green(String escaped) {
        return "<font color='green'>" + escaped + "</font>";
    }

    /** A change in progress beside what serves; {@code text} must already be escaped. */
    public static String orange(String escaped) {
        return "<font color='orange'>" + escaped + "</font>";
    }

    public static String grey(String escaped) {
        return "<font color='grey'>" + escaped + "</font>";
    }

    /**
     * Log lines in a code block: a line can't end the block (backticks are replaced), nothing inside
     * renders as markdown, and the block is bounded.
     */
    public static String codeBlock(String lines, int maxChars) {
        // no backtick can close the block, no tag can become a mention or a font
        String body = lines == null ? "" : lines.replace("`", "'").replace("<", "‹").replace("\r", "");
        if (body.length() > maxChars) {
            body = "…" + body.substring(body.length() - maxChars);
        }
        return "```\n" + body.stripTrailing() + "\n```";
    }
}
