package com.larkops.model;

import com.larkops.i18n.Msg;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them in chat and config: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h},
 * {@code 7d}, and combinations from the largest unit down such as {@code 1h30m}.
 */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");
    // largest first: parse requires this order, format picks the first unit that divides evenly
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final int MAX_LENGTH = 64;

    private DurationText() {
    }

    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("-")) {
            throw new InvalidInputException(Msg.of("command.duration.negative", Text.clip(text)));
        }
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            throw invalid(text);
        }
        Matcher m = PART.matcher(t);
        long total = 0;
        int position = 0;
        int lastUnit = -1;
        while (position < t.length()) {
            m.region(position, t.length());
            if (!m.lookingAt()) {
                throw invalid(text);
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                throw invalid(text); // "30s1m" or "1m1m" is more likely a typo than a sum
            }
            lastUnit = unit;
            try {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)), MILLIS[unit]));
            } catch (ArithmeticException e) {
                throw new InvalidInputException(Msg.of("command.duration.too_long", Text.clip(text)));
            }
            position = m.end();
        }
        return Duration.ofMillis(total);
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new AssertionError(unit);
    }

    private static InvalidInputException invalid(String text) {
        return new InvalidInputException(Msg.of("command.duration.invalid", Text.clip(text)));
    }

    /** The shortest text {@link #parse} reads back as the same duration: 90 s → {@code 90s}, 2 min → {@code 2m}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative durations have no text form: " + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("durations are written in whole milliseconds: " + duration);
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s"; // every unit would do; seconds read most naturally
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (millis % MILLIS[i] == 0) {
                return millis / MILLIS[i] + UNITS[i];
            }
        }
        throw new AssertionError(duration); // every count of millis divides by 1
    }

    /**
     * For chat, rounded and short: {@code 250 ms}, {@code 3.1 s}, {@code 1m35s}, {@code 2h5m}, {@code 3d4h}.
     * From a minute up only the two largest units are shown.
     */
    public static String human(Duration duration) {
        if (duration.isNegative()) {
            return "-" + human(duration.negated());
        }
        long seconds = duration.getSeconds();
        long millis = duration.getNano() / 1_000_000;
        if (seconds == 0) {
            return millis + " ms";
        }
        long tenths = seconds * 10 + (millis + 50) / 100;
        if (tenths < 600) {
            return tenths / 10 + "." + tenths % 10 + " s";
        }
        long s = seconds + (millis >= 500 ? 1 : 0);
        if (s < 3_600) {
            return twoUnits(s / 60, "m", s % 60, "s");
        }
        if (s < 86_400) {
            return twoUnits(s / 3_600, "h", s % 3_600 / 60, "m");
        }
        return twoUnits(s / 86_400, "d", s % 86_400 / 3_600, "h");
    }

    private static String twoUnits(long big, String bigUnit, long small, String smallUnit) {
        return big + bigUnit + (small == 0 ? "" : small + smallUnit);
    }
}
