package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.Role;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.Release;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gates of {@link Gates#standard()}, in order; each is pure over the request and the facts. */
final class StandardGates {
    private StandardGates() {
    }

    static final List<Gate> ALL = List.of(
            gate(Gate.Name.WHO, StandardGates::who),
            gate(Gate.Name.WHAT, StandardGates::what),
            gate(Gate.Name.KNOWN_GOOD, StandardGates::knownGood),
            gate(Gate.Name.SECRETS, StandardGates::secrets),
            gate(Gate.Name.SIGNATURE, StandardGates::signature),
            gate(Gate.Name.HOLD, StandardGates::hold),
            gate(Gate.Name.FREEZE, StandardGates::freeze),
            gate(Gate.Name.WINDOW, StandardGates::window),
            gate(Gate.Name.ENV_STATE, StandardGates::envState));

    private interface Check {
        Optional<Text> refusal(ChangeRequest r, GateFacts f);
    }

    private static Gate gate(Gate.Name name, Check check) {
        return new Gate() {
            public Name name() {
                return name;
            }

            public Optional<Text> refusal(ChangeRequest request, GateFacts facts) {
                return check.refusal(request, facts);
            }

            @Override
            public String toString() {
                return name.label();
            }
        };
    }

    /** A person needs an obeyed chat and the role; larkops' own changes are limited to what they are for. */
    static Optional<Text> who(ChangeRequest r, GateFacts f) {
        ChangeRequest.Origin o = r.origin();
        Text what = Msg.of("release.gate.what", Msg.of("release.gate.kind." + r.kind().name().toLowerCase()), r.service(), r.env());
        if (o.automatic()) {
            boolean allowed = o == ChangeRequest.Origin.AUTO_UNDO ? r.rollsBack()
                    : r.kind() == ChangeRequest.Kind.DEPLOY && r.env() == Env.STAGING
                    || r.kind() == ChangeRequest.Kind.PROMOTE && r.env() == Env.PROD;
            return allowed ? Optional.empty() : Optional.of(Msg.of("release.gate.auto_may_not", o.word(), what));
        }
        if (o == ChangeRequest.Origin.BREAK_GLASS && !(r.rollsBack() && r.env() == Env.PROD)) {
            return Optional.of(Msg.of("release.gate.break_glass_only", what));
        }
        if (!f.chatAllowed(r.actor())) {
            return Optional.of(Msg.of("router.chat_not_obeyed"));
        }
        Role has = f.roleOf(r.actor());
        if (o == ChangeRequest.Origin.APPROVAL_CLICK) {
            if (r.requester().map(r.actor().user()::equals).orElse(false)) {
                return Optional.of(Msg.of("release.gate.own_request"));
            }
            return f.approverRefusal(r.actor());
        }
        return has.compareTo(Role.DEPLOYER) >= 0 ? Optional.empty()
                : Optional.of(Msg.of("release.gate.needs_deployer", what));
    }

    /**
     * The registry is the truth: a notified tag must point at the notified digest now, and a digest must be served.
     * A rollback's target served there before (from the history), so it needs no registry.
     */
    static Optional<Text> what(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        Digest digest = r.target().digest();
        if (r.claimedTag().isPresent()) {
            String tag = r.claimedTag().get();
            Optional<Digest> now = f.tagNow(r.service(), tag);
            if (now.isEmpty() || !now.get().equals(digest)) {
                return Optional.of(now.<Text>map(d -> Msg.of("release.gate.tag_moved", r.service(), com.larkops.model.Text.clip(tag), d.shortForm(),
                                digest.shortForm(), r.origin().word()))
                        .orElse(Msg.of("release.gate.tag_gone", r.service(), com.larkops.model.Text.clip(tag), digest.shortForm(), r.origin().word())));
            }
            String version = r.target().version();
            boolean fromTag = tag.equals(version) || com.larkops.model.TagScheme.versionOf(tag)
                    .map(v -> v.withoutBuild().toString().equals(version)).orElse(false);
            if (!fromTag) {
                return Optional.of(Msg.of("release.gate.version_mismatch", r.service(), digest.shortForm(),
                        com.larkops.model.Text.clip(r.target().version()), com.larkops.model.Text.clip(tag)));
            }
            return Optional.empty();
        }
        return f.digestServed(r.service(), digest) ? Optional.empty()
                : Optional.of(Msg.of("release.gate.not_served", r.service(), digest.shortForm()));
    }

    /** Prod takes only a digest that passed its health gate in staging and stayed healthy for the soak period. */
    static Optional<Text> knownGood(ChangeRequest r, GateFacts f) {
        // an adopt takes on an image that came from outside larkops: it never soaked in staging, and a person adopts it knowingly
        if (r.env() != Env.PROD || r.rollsBack() || r.kind() == ChangeRequest.Kind.ADOPT) {
            return Optional.empty();
        }
        Digest digest = r.target().digest();
        String name = r.service() + " " + r.target().version();
        List<Release> staging = f.stagingReleasesOf(r.service(), digest);
        if (staging.stream().anyMatch(Release::isKnownGood)) {
            return Optional.empty();
        }
        Optional<Release> live = staging.stream().filter(x -> x.outcome() == Release.Outcome.LIVE && x.healthyAt().isPresent()).findFirst();
        if (live.isPresent()) {
            Duration healthy = Duration.between(live.get().healthyAt().get(), f.now());
            Duration soak = f.soak(r.service());
            Duration left = soak.minus(healthy);
            return Optional.of(left.isNegative() ? Msg.of("release.gate.soaking", name, DurationText.human(healthy), DurationText.format(soak))
                    : Msg.of("release.gate.soaking_left", name, DurationText.human(healthy), DurationText.format(soak), DurationText.human(left)));
        }
        if (staging.stream().anyMatch(x -> x.outcome() == Release.Outcome.FAILED)) {
            return Optional.of(Msg.of("release.gate.failed_in_staging", name, digest.shortForm()));
        }
        return Optional.of(Msg.of("release.gate.never_healthy", name, digest.shortForm(), r.service(), r.target().version()));
    }

    /** An image whose metadata carries secret-looking values goes to no prod (every platform of an index is scanned). */
    static Optional<Text> secrets(ChangeRequest r, GateFacts f) {
        if (r.env() != Env.PROD || r.rollsBack()) {
            return Optional.empty();
        }
        List<String> findings = f.secretFindings(r.target());
        return findings.isEmpty() ? Optional.empty()
                : Optional.of(Msg.of("release.gate.secrets", r.service(), r.target().version(), String.join("; ", findings)));
    }

    /** {@code verify.for} lists the env: any roll-forward there (deploy, promotion, canary, automatic) needs a valid signature. */
    static Optional<Text> signature(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        Optional<GateFacts.SignatureCheck> check = f.signature(r.target());
        if (check.isEmpty() || check.get().signed()) {
            return Optional.empty();
        }
        return Optional.of(Msg.of("release.gate.unsigned", r.service(), r.target().digest().shortForm(), r.env(), check.get().line(),
                either(check.get().keys())));
    }

    /** A hold stops larkops' own roll-forwards there; people may still deploy. */
    static Optional<Text> hold(ChangeRequest r, GateFacts f) {
        if (!r.origin().automatic() || r.rollsBack()) {
            return Optional.empty();
        }
        return f.hold(r.service(), r.env()).map(h -> Msg.of("release.gate.held", r.service(), r.env(), h));
    }

    /** A freeze stops every roll-forward (an approved one included); break-glass rollbacks still work. */
    static Optional<Text> freeze(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        return f.freeze(r.service(), r.env()).map(why -> Msg.of(r.origin() == ChangeRequest.Origin.APPROVAL_CLICK
                ? "release.outcome.frozen_cancelled" : "release.refused.frozen", r.service(), r.env(), why));
    }

    /**
     * Outside the env's deploy window no roll-forward runs (typed, approved, scheduled or automatic): the refusal says
     * when it opens next. A scheduled request is judged at its time. Rollbacks are never held up by a window.
     */
    static Optional<Text> window(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        java.time.Instant at = r.runsAt().orElseGet(f::now);
        return f.window(r.env()).filter(w -> !w.isOpen(at)).map(w -> r.runsAt().isPresent()
                ? Msg.of("release.gate.window_scheduled", w.refusalText(r.env().toString(), at)) : w.refusalText(r.env().toString(), at));
    }

    /** A request run later runs only on the state it was made against. */
    static Optional<Text> envState(ChangeRequest r, GateFacts f) {
        if (r.expectedState().isEmpty()) {
            return Optional.empty();
        }
        return f.changedSince(r.target(), r.expectedState().get()).map(change -> Msg.of("release.gate.changed", change));
    }

    /** "a or b or c". */
    private static Text either(List<String> keys) {
        Text out = Text.verbatim(keys.isEmpty() ? "" : keys.get(0));
        for (String k : keys.subList(Math.min(1, keys.size()), keys.size())) {
            out = Msg.of("release.gate.or", out, k);
        }
        return out;
    }
}
