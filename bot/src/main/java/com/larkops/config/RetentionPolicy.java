package com.larkops.config;

import java.time.Duration;

/**
 * A service's registry retention policy ({@code services.<name>.retention} in larkops.yaml). These are the
 * soft keeps; running, env-tagged, last known-good and pending-approval digests are protected whatever they say.
 *
 * @param keepVersions  newest tagged digests always kept
 * @param keepDays      anything deployed within this many days is kept
 * @param keepKnownGood last known-good digests kept per environment
 * @param untaggedDays  manifests with no tag left are deleted once older than this
 */
public record RetentionPolicy(int keepVersions, int keepDays, int keepKnownGood, int untaggedDays) {
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(10, 30, 3, 7);

    public RetentionPolicy {
        check("keep_versions", keepVersions, 0, 10_000);
        check("keep_days", keepDays, 0, 36_500);
        // keeping no known-good digest would let a prune remove the rollback target
        check("keep_known_good", keepKnownGood, 1, 1_000);
        check("untagged_days", untaggedDays, 0, 36_500);
    }

    public Duration keepWindow() {
        return Duration.ofDays(keepDays);
    }

    public Duration untaggedAge() {
        return Duration.ofDays(untaggedDays);
    }

    /** When one repository serves several services, the policy that keeps the most. */
    public RetentionPolicy widest(RetentionPolicy other) {
        return new RetentionPolicy(Math.max(keepVersions, other.keepVersions), Math.max(keepDays, other.keepDays),
                Math.max(keepKnownGood, other.keepKnownGood), Math.max(untaggedDays, other.untaggedDays));
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException("retention." + key + " is " + value + ": expected " + min + "-" + max);
        }
    }
}
