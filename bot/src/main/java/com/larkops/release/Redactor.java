package com.larkops.release;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs container output before it reaches chat, logs or the audit trail: the values of the service's
 * env file, and anything written as {@code password=…}, {@code "token": "…"}, {@code secret value}, a
 * bearer token, URL user-info ({@code postgres://u:p@…}) or a private key block.
 *
 * <p>Masking comes before any cut, so a cut can never leave half a secret: each line is masked over a window
 * that reaches past {@link #MAX_LINE_CHARS} by more than the longest value or pattern match, and only then cut
 * to {@link #MAX_LINE_CHARS}. Only the last lines asked for (at most {@link #MAX_LINES_ASKED}) are looked at,
 * and every pattern has bounded quantifiers, so the work stays linear in that bound whatever a container prints.
 */
public final class Redactor {
    /** Lines kept by {@link #redact(String)} (a failed step's evidence). */
    public static final int MAX_LINES = 20;
    /** The most lines any caller may ask for ({@code /logs … 500}). */
    public static final int MAX_LINES_ASKED = 500;
    static final int MAX_LINE_CHARS = 500;
    /** A pattern match is at most ~620 characters long ({@code ASSIGNMENT}): the reach of a pattern, with room to spare. */
    private static final int PATTERN_REACH = 1024;
    /** Masked beyond the cut and the reach, so that masks shortening the line rarely cost any of what is kept. */
    private static final int SLACK = 8192;
    private static final String MASK = "****";
    private static final String SECRET_WORD = "(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|credential|private[_-]?key|auth)";
    /** {@code password=x}, {@code DB_PASSWORD: "x"}, {@code "password":"x"}, {@code 'token' = 'x'}, {@code password x}. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])([A-Za-z0-9_.-]{0,40}" + SECRET_WORD + "[A-Za-z0-9_.-]{0,40}[\"']?)"
                    + "([ \\t]{0,8}[=:][ \\t]{0,8}|[ \\t]{1,8})(\"[^\"]{0,500}\"?|'[^']{0,500}'?|[^\\s,;}\"']{1,500})");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)[ \\t]{1,8}[A-Za-z0-9._~+/=-]{8,500}");
    /** scheme://user:password@host — keeps the user, drops the password. */
    private static final Pattern USER_INFO = Pattern.compile("://([^\\s:/@]{0,200}):([^\\s/@]{1,500})@");

    private final List<String> longValues;
    private final List<Pattern> shortValues;
    private final List<Pattern> envAssignments;
    /** The longest thing that can be masked: a line's last stretch this long may hold the start of one, unmaskable. */
    private final int reach;
    /** How much of a line is masked before it is cut. */
    private final int window;

    /** Redacts these values (e.g. an env file's) wherever they appear; short ones only as whole words. */
    public Redactor(Collection<String> secretValues) {
        this(Map.of(), secretValues);
    }

    /** An env file: its values are redacted, and {@code KEY=…} for each of its keys whatever the value looks like. */
    public static Redactor forEnv(Map<String, String> env) {
        return new Redactor(env, env.values());
    }

    private Redactor(Map<String, String> env, Collection<String> secretValues) {
        List<String> values = secretValues.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).distinct()
                .sorted((a, b) -> b.length() - a.length()).toList();
        this.longValues = values.stream().filter(v -> v.length() >= 4).toList();
        // "ab" inside "about" stays; "ab" on its own goes. One-character values would mask every digit.
        this.shortValues = values.stream().filter(v -> v.length() >= 2 && v.length() < 4)
                .map(v -> Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(v) + "(?![A-Za-z0-9])")).toList();
        this.reach = Math.max(PATTERN_REACH, values.isEmpty() ? 0 : values.get(0).length() + 1);
        this.window = MAX_LINE_CHARS + reach + SLACK;
        this.envAssignments = env.keySet().stream()
                .map(k -> Pattern.compile("(?<![A-Za-z0-9_])(" + Pattern.quote(k) + "[\"']?[ \\t]{0,8}[=:][ \\t]{0,8})([^\\s,;}]{1,500})"))
                .toList();
    }

    /** The last {@link #MAX_LINES} lines, masked, then cut. */
    public String redact(String text) {
        return redact(text, MAX_LINES);
    }

    /** The last {@code lines} lines (at most {@link #MAX_LINES_ASKED}), each masked and only then cut to {@link #MAX_LINE_CHARS}. */
    public String redact(String text, int lines) {
        if (text == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        boolean inKey = false;
        for (String line : lastLines(text, Math.max(1, Math.min(lines, MAX_LINES_ASKED)), window)) {
            if (line.contains("-----BEGIN ") && line.contains("PRIVATE KEY-----")) {
                inKey = true;
            }
            if (inKey) {
                if (line.contains("-----END ") && line.contains("PRIVATE KEY-----")) {
                    inKey = false;
                }
                if (out.isEmpty() || !out.get(out.size() - 1).equals("[private key redacted]")) {
                    out.add("[private key redacted]");
                }
                continue;
            }
            out.add(maskThenCut(line));
        }
        return String.join("\n", out);
    }

    /**
     * The last {@code max} lines, each bounded to {@code window} characters for the patterns' sake: the window
     * is wider than the final cut, so whatever the cut keeps was masked whole.
     */
    static List<String> lastLines(String text, int max, int window) {
        List<String> lines = new ArrayList<>();
        int end = text.length();
        while (end >= 0 && lines.size() < max) {
            int start = text.lastIndexOf('\n', end - 1);
            String line = text.substring(start + 1, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            // one character past the window tells maskThenCut that the line went on
            lines.add(0, line.length() <= window ? line : line.substring(0, window + 1));
            if (start < 0) {
                break;
            }
            end = start;
        }
        return lines;
    }

    /**
     * Masks, then cuts: a secret that straddles the cut is already {@code ****}, not half shown. A line longer
     * than the window may end in the start of a secret that the window cut off (unmaskable there); masking
     * earlier values shortens the line and could pull that start forward, so the window's last stretch (as long
     * as the longest maskable thing) is never kept.
     */
    private String maskThenCut(String line) {
        boolean longer = line.length() > window;
        String masked = redactLine(longer ? line.substring(0, window) : line);
        int keep = longer ? Math.min(MAX_LINE_CHARS, masked.length() - reach) : MAX_LINE_CHARS;
        return masked.length() <= keep ? masked : masked.substring(0, Math.max(0, keep)) + " …(cut)";
    }

    private String redactLine(String line) {
        String out = line;
        for (String v : longValues) {
            out = out.replace(v, MASK);
        }
        for (Pattern p : shortValues) {
            out = p.matcher(out).replaceAll(MASK);
        }
        for (Pattern p : envAssignments) {
            out = p.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK);
        }
        out = USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement("://" + m.group(1) + ":") + MASK + "@");
        out = BEARER.matcher(out).replaceAll("$1 " + MASK);
        out = ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)) + quoted(m.group(3)));
        return out;
    }

    private static String quoted(String value) {
        if (value.startsWith("\"")) {
            return "\"" + MASK + "\"";
        }
        if (value.startsWith("'")) {
            return "'" + MASK + "'";
        }
        return MASK;
    }
}
