package com.larkops.config;

import java.util.Locale;

/**
 * Which newer versions pushed to the registry go to staging by themselves ({@code follow:} per service).
 * {@code patch}: same major.minor; {@code minor}: same major; {@code all}: any newer release version.
 * Pre-releases are never followed: a human deploys those.
 */
public enum FollowPolicy {
    OFF, PATCH, MINOR, ALL;

    public static FollowPolicy parse(String text, String path) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + " is '" + text + "': expected off, patch, minor or all");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
