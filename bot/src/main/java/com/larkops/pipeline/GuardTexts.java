package com.larkops.pipeline;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How holds and freezes read, in every language: shared by the guard commands and the follow decision. */
final class GuardTexts {
    private GuardTexts() {
    }

    /** {@code held at sha256:ab12… by <at…> since 2026-…}: the hold itself, for /digest and the follow decision. */
    static Text held(Hold h) {
        return h.digest().isEmpty() ? Msg.of("pipeline.hold.state", mention(h.by()), h.since())
                : Msg.of("pipeline.hold.state_at", Digest.shortOf(h.digest()), mention(h.by()), h.since());
    }

    /** {@code 10m ago}. */
    static Text ago(Instant since, Instant now) {
        return Msg.of("pipeline.ago", DurationText.human(Duration.between(since, now).withNanos(0)));
    }

    /** {@code : reason}, or nothing for a blank reason. */
    static Text reason(String reason) {
        return reason == null || reason.isBlank() ? Text.verbatim("") : Msg.of("pipeline.reason", reason);
    }

    /** {@code  (reason)}, or nothing for a blank reason. */
    static Text parenthesised(String reason) {
        return reason == null || reason.isBlank() ? Text.verbatim("") : Msg.of("pipeline.parenthesised", reason);
    }

    /** A service, or every service, and an env or both: {@code echo prod}, {@code all services (staging and prod)}. */
    static Text scope(Optional<ServiceName> service, Optional<Env> env) {
        Text who = service.<Text>map(s -> Text.verbatim(s.value())).orElse(Msg.of("pipeline.scope.all_services"));
        return env.<Text>map(e -> Msg.of("pipeline.scope.in_env", who, e)).orElse(Msg.of("pipeline.scope.both_envs", who));
    }

    /** A service, or every service, and an env if one was named: what /unfreeze lifts. */
    static Text named(Optional<ServiceName> service, Optional<Env> env) {
        Text who = service.<Text>map(s -> Text.verbatim(s.value())).orElse(Msg.of("pipeline.scope.all_services"));
        return env.<Text>map(e -> Msg.of("pipeline.scope.in_env", who, e)).orElse(who);
    }

    /** The refusal a freeze gives a deploy: {@code is frozen by <at…> since … until …: reason}. */
    static Text frozen(Freeze f) {
        return f.until().<Text>map(u -> Msg.of("pipeline.freeze.refusal_until", mention(f.by()), f.since(), u, f.reason()))
                .orElse(Msg.of("pipeline.freeze.refusal", mention(f.by()), f.since(), f.reason()));
    }

    static String mention(String user) {
        return com.larkops.model.Text.mention(user);
    }
}
