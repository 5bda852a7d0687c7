package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change, whatever started it: where it came from, who asks, what kind of change, and the target (the
 * digest resolved from the registry, with the version the registry's tag gave it). {@code claimedTag} is the tag a
 * registry notification says it pushed (a hint, checked against the registry by {@link Gates}); {@code expectedState}
 * is what the env ran when the request was made, for a request run later (an approval click).
 */
public record ChangeRequest(Origin origin, Caller actor, Kind kind, Target target, Optional<String> claimedTag,
                            Optional<List<String>> expectedState, Optional<String> requester, Optional<Instant> runsAt) {

    /** Who larkops' automatic deploys from the registry are by (history, audit, the deployed-by label). */
    public static final String REGISTRY_ACTOR = "registry";

    /** Every entry point that can ask for a change. Card buttons (Roll back, Promote) route the typed command: {@link #CHAT}. */
    public enum Origin {
        CHAT("chat command"), SHELL("shell run"), NOTIFICATION("registry notification"), POLL("registry poll"),
        HARBOR_WEBHOOK("Harbor push webhook"), TCR_WEBHOOK("TCR push webhook"), ACR_WEBHOOK("ACR push webhook"),
        CANARY("canary"), BREAK_GLASS("break-glass rollback"), AUTO_UNDO("automatic undo"), APPROVAL_CLICK("approval click"),
        /** A scheduled change at its due time, run for the person who scheduled it (their role is checked again then). */
        SCHEDULE("scheduled change");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The label in each language ({@code release.origin.<name>}). */
        public com.larkops.i18n.Text word() {
            return com.larkops.i18n.Msg.of("release.origin." + name().toLowerCase());
        }

        /** A person's request: the shell's OS user or a Lark user. */
        public static Origin of(Caller caller) {
            return caller.fromShell() ? SHELL : CHAT;
        }

        /** Started by larkops itself, not by a person: no role to check, but a narrow set of allowed changes. */
        public boolean automatic() {
            return this == NOTIFICATION || this == POLL || this == HARBOR_WEBHOOK || this == TCR_WEBHOOK || this == ACR_WEBHOOK
                    || this == AUTO_UNDO;
        }
    }

    /** DEPLOY rolls forward; PROMOTE asks for prod (a card); CANARY starts a share beside the live version; ROLLBACK puts back what served. */
    public enum Kind { DEPLOY, PROMOTE, CANARY, ROLLBACK }

    public ChangeRequest {
        claimedTag = claimedTag == null ? Optional.empty() : claimedTag;
        expectedState = expectedState == null ? Optional.empty() : expectedState.map(List::copyOf);
        requester = requester == null ? Optional.empty() : requester;
        runsAt = runsAt == null ? Optional.empty() : runsAt;
    }

    public ChangeRequest(Origin origin, Caller actor, Kind kind, Target target, Optional<String> claimedTag,
                         Optional<List<String>> expectedState, Optional<String> requester) {
        this(origin, actor, kind, target, claimedTag, expectedState, requester, Optional.empty());
    }

    /** A change scheduled for {@code at}: the gates that depend on the time (the deploy window) judge that time, not now. */
    public ChangeRequest at(Instant at) {
        return new ChangeRequest(origin, actor, kind, target, claimedTag, expectedState, requester, Optional.of(at));
    }

    public static ChangeRequest of(Origin origin, Caller actor, Kind kind, Target target) {
        return new ChangeRequest(origin, actor, kind, target, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A person's request through the router (chat, card button, shell). */
    public static ChangeRequest by(Caller caller, Kind kind, Target target) {
        return of(Origin.of(caller), caller, kind, target);
    }

    /**
     * An approval clicked: {@code approver} runs what {@code requester} asked for, the stored {@code target}, on the env
     * state the plan was made against ({@code state}; empty for a request stored without one).
     */
    public static ChangeRequest clicked(Caller approver, Kind kind, Target target, Optional<List<String>> state, String requester) {
        return new ChangeRequest(Origin.APPROVAL_CLICK, approver, kind, target, Optional.empty(), state, Optional.of(requester));
    }

    /** A notification or poll says {@code tag} was pushed as the target's digest: the registry must agree now. */
    public ChangeRequest claiming(String tag) {
        return new ChangeRequest(origin, actor, kind, target, Optional.of(tag), expectedState, requester, runsAt);
    }

    /** Run later (an approval click): the env must still run {@code state}, and {@code requester} asked for it. */
    public ChangeRequest expecting(List<String> state, String requester) {
        return new ChangeRequest(origin, actor, kind, target, claimedTag, Optional.of(state), Optional.of(requester), runsAt);
    }

    public ServiceName service() {
        return target.serviceName();
    }

    public Env env() {
        return target.env();
    }

    /** Rollbacks (typed, break-glass, automatic) put back a digest that served there; roll-forward gates do not hold them up. */
    public boolean rollsBack() {
        return kind == Kind.ROLLBACK;
    }
}
