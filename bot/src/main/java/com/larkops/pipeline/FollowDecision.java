package com.larkops.pipeline;

import com.larkops.config.FollowPolicy;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.TagScheme;
import com.larkops.model.Version;

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

    /** {@code why} is what a person reads (the announce line); {@link #reason()} is its English for logs and the audit log. */
    public record Verdict(Action action, Text why, Optional<Version> version) {
        Verdict withGuards(Staging staging, Instant now) {
            return guard(this, staging, now);
        }

        static Verdict ignore(Text why) {
            return new Verdict(Action.IGNORE, why, Optional.empty());
        }

        public String reason() {
            return why.in(Language.DEFAULT);
        }
    }

    /** What staging looks like when the push arrives. */
    public record Staging(Optional<Version> running, boolean digestFailedBefore, boolean digestRunsNow,
                          Optional<Hold> hold, Optional<Freeze> freeze) {
    }

    public static Verdict decide(FollowPolicy policy, String tag, Staging staging, Instant now) {
        if (policy == FollowPolicy.OFF) {
            return Verdict.ignore(Msg.of("pipeline.follow.off"));
        }
        Optional<Version> pushed = TagScheme.versionOf(tag).map(Version::withoutBuild);
        if (pushed.isEmpty()) {
            return Verdict.ignore(Msg.of("pipeline.follow.not_version_tag", tag));
        }
        Version v = pushed.get();
        if (v.isPrerelease()) {
            return Verdict.ignore(Msg.of("pipeline.follow.prerelease", v));
        }
        if (staging.digestRunsNow()) {
            return Verdict.ignore(Msg.of("pipeline.follow.already_runs"));
        }
        if (staging.running().isEmpty()) {
            return new Verdict(policy == FollowPolicy.ALL ? Action.DEPLOY : Action.ANNOUNCE,
                    policy == FollowPolicy.ALL ? Msg.of("pipeline.follow.first_all")
                            : Msg.of("pipeline.follow.first_by_hand", policy.label()),
                    pushed).withGuards(staging, now);
        }
        Version current = staging.running().get().withoutBuild();
        if (v.compareTo(current) <= 0) {
            return Verdict.ignore(Msg.of("pipeline.follow.not_newer", v, current));
        }
        if (!within(policy, current, v)) {
            return new Verdict(Action.ANNOUNCE, Msg.of("pipeline.follow.beyond", v, policy.label(), current), pushed);
        }
        if (staging.digestFailedBefore()) {
            return new Verdict(Action.ANNOUNCE, Msg.of("pipeline.follow.failed_before"), pushed);
        }
        return new Verdict(Action.DEPLOY, Msg.of("pipeline.follow.newer", current, policy.label()), pushed)
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
            return new Verdict(Action.ANNOUNCE, f.until().<Text>map(u -> Msg.of("pipeline.follow.frozen_until", com.larkops.model.Text.mention(f.by()), f.reason(), u))
                    .orElse(Msg.of("pipeline.follow.frozen", com.larkops.model.Text.mention(f.by()), f.reason())), v.version());
        }
        if (staging.hold().isPresent()) {
            Hold h = staging.hold().get();
            return new Verdict(Action.ANNOUNCE, Msg.of("pipeline.follow.held", GuardTexts.held(h), GuardTexts.ago(h.since(), now),
                    GuardTexts.reason(h.reason())), v.version());
        }
        return v;
    }

}
