package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SemVer 2.0 version {@code MAJOR.MINOR.PATCH[-prerelease][+build]}.
 *
 * <p>{@link #compareTo} follows SemVer precedence, which ignores build metadata: {@code 1.0.0+a} and
 * {@code 1.0.0+b} compare as 0 but are not {@code equals}. Sorted sets therefore keep only one of them.
 */
public record Version(long major, long minor, long patch, String prerelease, String build)
        implements Comparable<Version> {

    private static final String NUMBER = "0|[1-9][0-9]*";
    private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final String BUILD_ID = "[0-9a-zA-Z-]+";
    private static final Pattern PRERELEASE = Pattern.compile(PRE_ID + "(?:\\." + PRE_ID + ")*");
    private static final Pattern BUILD = Pattern.compile(BUILD_ID + "(?:\\." + BUILD_ID + ")*");
    private static final Pattern VERSION = Pattern.compile(
            "v?(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
                    + "(?:-(" + PRERELEASE.pattern() + "))?"
                    + "(?:\\+(" + BUILD.pattern() + "))?");
    // no real version is this long; the cap keeps regex work bounded on hostile input
    private static final int MAX_LENGTH = 256;

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new InvalidInputException(Msg.of("command.version.negative"));
        }
        if (prerelease != null && !PRERELEASE.matcher(prerelease).matches()) {
            throw new InvalidInputException(Msg.of("command.version.prerelease", Text.clip(prerelease)));
        }
        if (build != null && !BUILD.matcher(build).matches()) {
            throw new InvalidInputException(Msg.of("command.version.build", Text.clip(build)));
        }
    }

    /** Parses {@code 1.4.2}, {@code v1.4.2}, {@code 1.5.0-rc.1+git.abc1234}; surrounding blanks are ignored. */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() ->
                new InvalidInputException(Msg.of("command.version.invalid", Text.clip(text))));
    }

    public static Optional<Version> tryParse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4), m.group(5)));
        } catch (NumberFormatException tooBig) {
            return Optional.empty();
        }
    }

    public boolean isPrerelease() {
        return prerelease != null;
    }

    public Version withBuild(String newBuild) {
        return new Version(major, minor, patch, prerelease, newBuild);
    }

    public Version withoutBuild() {
        return withBuild(null);
    }

    @Override
    public int compareTo(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c == 0) {
            c = comparePrerelease(prerelease, other.prerelease);
        }
        return c;
    }

    private static int comparePrerelease(String a, String b) {
        if (a == null || b == null) {
            // a release ranks above any of its prereleases
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareIdentifier(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = isNumeric(a);
        boolean bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // no leading zeros, so the longer number is larger; this also works beyond the range of long
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b); // identifiers are ASCII, so this is ASCII order
    }

    private static boolean isNumeric(String identifier) {
        return identifier.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch
                + (prerelease == null ? "" : "-" + prerelease)
                + (build == null ? "" : "+" + build);
    }
}
