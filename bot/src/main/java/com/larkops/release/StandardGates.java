package com.larkops.release;

import com.larkops.command.Role;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.Text;

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
        Optional<String> refusal(ChangeRequest r, GateFacts f);
    }

    private static Gate gate(Gate.Name name, Check check) {
        return new Gate() {
            public Name name() {
                return name;
            }

            public Optional<String> refusal(ChangeRequest request, GateFacts facts) {
                return check.refusal(request, facts);
            }

            @Override
            public String toString() {
                return name.label();
            }
        };
    }

    /** A person needs an obeyed chat and the role; larkops' own changes are limited to what they are for. */
    static Optional<String> who(ChangeRequest r, GateFacts f) {
        ChangeRequest.Origin o = r.origin();
        String what = r.kind().name().toLowerCase() + " of " + r.service() + " " + r.env();
        if (o.automatic()) {
            boolean allowed = o == ChangeRequest.Origin.AUTO_UNDO ? r.rollsBack()
                    : r.kind() == ChangeRequest.Kind.DEPLOY && r.env() == Env.STAGING
                    || r.kind() == ChangeRequest.Kind.PROMOTE && r.env() == Env.PROD;
            return allowed ? Optional.empty() : Optional.of("a " + o.label() + " may not start a " + what);
        }
        if (o == ChangeRequest.Origin.BREAK_GLASS && !(r.rollsBack() && r.env() == Env.PROD)) {
            return Optional.of("break-glass is for prod rollbacks only, not a " + what);
        }
        if (!f.chatAllowed(r.actor())) {
            return Optional.of("this chat is not one larkops obeys; ask an admin to add it to 'chats' in larkops.yaml");
        }
        Role has = f.roleOf(r.actor());
        if (o == ChangeRequest.Origin.APPROVAL_CLICK) {
            if (r.requester().map(r.actor().user()::equals).orElse(false)) {
                return Optional.of("you requested this; another approver must approve it");
            }
            return f.approverRefusal(r.actor());
        }
        return has.compareTo(Role.DEPLOYER) >= 0 ? Optional.empty()
                : Optional.of("a " + what + " needs the deployer role; you are not in roles.deployers in larkops.yaml");
    }

    /**
     * The registry is the truth: a notified tag must point at the notified digest now, and a digest must be served.
     * A rollback's target served there before (from the history), so it needs no registry.
     */
    static Optional<String> what(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        Digest digest = r.target().digest();
        if (r.claimedTag().isPresent()) {
            String tag = r.claimedTag().get();
            Optional<Digest> now = f.tagNow(r.service(), tag);
            if (now.isEmpty() || !now.get().equals(digest)) {
                String is = now.map(d -> " is " + d.shortForm() + " in the registry now, not ").orElse(" is no tag in the registry now, so not ");
                return Optional.of(r.service() + " " + Text.clip(tag) + is + digest.shortForm() + " as the " + r.origin().label()
                        + " said; nothing was deployed (the registry, not a notification, says what a tag is)");
            }
            String version = r.target().version();
            boolean fromTag = tag.equals(version) || com.larkops.model.TagScheme.versionOf(tag)
                    .map(v -> v.withoutBuild().toString().equals(version)).orElse(false);
            if (!fromTag) {
                return Optional.of(r.service() + " " + digest.shortForm() + " would be recorded as version '"
                        + Text.clip(r.target().version()) + "', but the tag that resolved to it is '" + Text.clip(tag) + "'");
            }
            return Optional.empty();
        }
        return f.digestServed(r.service(), digest) ? Optional.empty()
                : Optional.of("the registry does not serve " + r.service() + " " + digest.shortForm() + " now; nothing was changed");
    }

    /** Prod takes only a digest that passed its health gate in staging and stayed healthy for the soak period. */
    static Optional<String> knownGood(ChangeRequest r, GateFacts f) {
        if (r.env() != Env.PROD || r.rollsBack()) {
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
            return Optional.of(name + " has been healthy in staging for " + DurationText.human(healthy) + "; the soak period is "
                    + DurationText.format(soak) + (left.isNegative() ? "" : ", try again in " + DurationText.human(left)));
        }
        if (staging.stream().anyMatch(x -> x.outcome() == Release.Outcome.FAILED)) {
            return Optional.of(name + " (" + digest.shortForm() + ") failed its health gate in staging; it cannot go to prod");
        }
        return Optional.of(name + " (" + digest.shortForm() + ") never ran healthy in staging; /deploy " + r.service() + " "
                + r.target().version() + " first");
    }

    /** An image whose metadata carries secret-looking values goes to no prod (every platform of an index is scanned). */
    static Optional<String> secrets(ChangeRequest r, GateFacts f) {
        if (r.env() != Env.PROD || r.rollsBack()) {
            return Optional.empty();
        }
        List<String> findings = f.secretFindings(r.target());
        return findings.isEmpty() ? Optional.empty()
                : Optional.of("image " + r.service() + " " + r.target().version() + " carries secret-looking values in its metadata: "
                + String.join("; ", findings) + ". Pass secrets at run time (env_file), rebuild, and deploy again.");
    }

    /** {@code verify.for} lists the env: any roll-forward there (deploy, promotion, canary, automatic) needs a valid signature. */
    static Optional<String> signature(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        Optional<GateFacts.SignatureCheck> check = f.signature(r.target());
        if (check.isEmpty() || check.get().signed()) {
            return Optional.empty();
        }
        return Optional.of(r.service() + " " + r.target().digest().shortForm() + " cannot go to " + r.env() + ": it is "
                + check.get().line() + ". " + r.env() + " needs a signature by " + String.join(" or ", check.get().keys())
                + "; sign it (deploy/release --sign-key …, or cosign sign --key …) and ask again");
    }

    /** A hold stops larkops' own roll-forwards there; people may still deploy. */
    static Optional<String> hold(ChangeRequest r, GateFacts f) {
        if (!r.origin().automatic() || r.rollsBack()) {
            return Optional.empty();
        }
        return f.hold(r.service(), r.env()).map(h -> r.service() + " " + r.env() + " is held" + h + "; no automatic change there until /release");
    }

    /** A freeze stops every roll-forward (an approved one included); break-glass rollbacks still work. */
    static Optional<String> freeze(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        return f.freeze(r.service(), r.env()).map(why -> r.service() + " " + r.env() + " " + why
                + (r.origin() == ChangeRequest.Origin.APPROVAL_CLICK ? "; nothing was done — ask again after the freeze"
                : "; break-glass /rollback still works, an approver can /unfreeze"));
    }

    /**
     * Outside the env's deploy window no roll-forward runs (typed, approved, scheduled or automatic): the refusal says
     * when it opens next. A scheduled request is judged at its time. Rollbacks are never held up by a window.
     */
    static Optional<String> window(ChangeRequest r, GateFacts f) {
        if (r.rollsBack()) {
            return Optional.empty();
        }
        java.time.Instant at = r.runsAt().orElseGet(f::now);
        return f.window(r.env()).filter(w -> !w.isOpen(at)).map(w -> w.refusal(r.env().toString(), at)
                + (r.runsAt().isPresent() ? "; pick a time inside the window" : ""));
    }

    /** A request run later runs only on the state it was made against. */
    static Optional<String> envState(ChangeRequest r, GateFacts f) {
        if (r.expectedState().isEmpty()) {
            return Optional.empty();
        }
        return f.changedSince(r.target(), r.expectedState().get()).map(change -> change + "; nothing was done — ask again");
    }
}
