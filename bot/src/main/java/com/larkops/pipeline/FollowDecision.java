package com.larkops.pipeline;

import com.larkops.model.Digest;
import com.larkops.config.FollowPolicy;
import com.larkops.model.DurationText;
import com.larkops.model.Text;
import com.larkops.model.TagScheme;
import com.larkops.model.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do with a pushed tag for a service that follows its registry: deploy it to staging, only
 * announce it (a human is in charge there), or ignore it. Pure: the facts come in, a verdict goes out.
 */
public final class FollowDecision {
    private FollowDecision() {
    }

    public enum Action { DEPLOY, ANNOUNCE, IGNORE }

    public record Verdict(Action action, String reason, Optional<Version> version) {
        Verdict withGuards(Staging staging, Instant now) {
            return guard(this, staging, now);
        }

        static Verdict ignore(String reason) {
            return new Verdict(Action.IGNORE, reason, Optional.empty());
        }
    }

    /** What staging looks like when the push arrives. */
    public record Staging(Optional<Version> running, boolean digestFailedBefore, boolean digestRunsNow,
                          Optional<Hold> hold, Optional<Freeze> freeze) {
    }

    public static Verdict decide(FollowPolicy policy, String tag, Staging staging, Instant now) {
        if (policy == FollowPolicy.OFF) {
            return Verdict.ignore("follow is off");
        }
        Optional<Version> pushed = TagScheme.versionOf(tag).map(Version::withoutBuild);
        if (pushed.isEmpty()) {
            return Verdict.ignore("'" + tag + "' is not a version tag");
        }
        Version v = pushed.get();
        if (v.isPrerelease()) {
            return Verdict.ignore(v + " is a pre-release; deploy it by hand");
        }
        if (staging.digestRunsNow()) {
            return Verdict.ignore("staging already runs it");
        }
        if (staging.running().isEmpty()) {
            return new Verdict(policy == FollowPolicy.ALL ? Action.DEPLOY : Action.ANNOUNCE,
                    policy == FollowPolicy.ALL ? "staging runs nothing yet (follow: all)"
                            : "staging runs nothing to compare with (follow: " + policy.label() + "); /deploy a first version by hand",
                    pushed).withGuards(staging, now);
        }
        Version current = staging.running().get().withoutBuild();
        if (v.compareTo(current) <= 0) {
            return Verdict.ignore(v + " is not newer than " + current + " in staging");
        }
        if (!within(policy, current, v)) {
            return new Verdict(Action.ANNOUNCE, v + " is beyond follow: " + policy.label() + " from " + current
                    + "; /deploy it by hand", pushed);
        }
        if (staging.digestFailedBefore()) {
            return new Verdict(Action.ANNOUNCE, "this digest failed in staging before; not retried automatically", pushed);
        }
        return new Verdict(Action.DEPLOY, "newer than " + current + " (follow: " + policy.label() + ")", pushed)
                .withGuards(staging, now);
    }

    /** Whether the policy follows from {@code current} to {@code v} (same major.minor, same major, any). */
    static boolean within(FollowPolicy policy, Version current, Version v) {
        return switch (policy) {
            case PATCH -> v.major() == current.major() && v.minor() == current.minor();
            case MINOR -> v.major() == current.major();
            case ALL -> true;
            case OFF -> false;
        };
    }

    private static Verdict guard(Verdict v, Staging staging, Instant now) {
        if (v.action() != Action.DEPLOY) {
            return v;
        }
        if (staging.freeze().isPresent()) {
            Freeze f = staging.freeze().get();
            return new Verdict(Action.ANNOUNCE, "staging is frozen by " + Text.mention(f.by()) + ": " + f.reason()
                    + f.until().map(u -> " (until " + u + ")").orElse(""), v.version());
        }
        if (staging.hold().isPresent()) {
            Hold h = staging.hold().get();
            return new Verdict(Action.ANNOUNCE, "staging is held" + (h.digest().isEmpty() ? "" : " at " + Digest.shortOf(h.digest()))
                    + " by " + Text.mention(h.by()) + " since " + h.since() + " (" + DurationText.human(Duration.between(h.since(), now).withNanos(0))
                    + " ago)" + (h.reason().isBlank() ? "" : ": " + h.reason()) + "; /release it to follow again", v.version());
        }
        return v;
    }

}
