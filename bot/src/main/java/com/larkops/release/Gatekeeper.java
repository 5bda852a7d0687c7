package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Policy;
import com.larkops.command.Role;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.registry.ImageConfig;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryNotFoundException;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.SigningKey;
import com.larkops.signature.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The {@link Gates} at the edge: fetches each fact a gate asks for (registry, history, holds, freezes, engine),
 * once per request, and runs the gates. Every entry point calls {@link #require}; see {@link Gates} for the contract.
 */
public final class Gatekeeper {
    private final LarkopsConfig config;
    private final Policy policy;
    private final RegistryClient registry;
    private final SignatureGate signatures;
    private final ReleaseHistory history;
    private final Freezes freezes;
    private final BiFunction<ServiceName, Env, Optional<String>> holds;
    private final BiFunction<Target, List<String>, Optional<String>> changes;
    private final Clock clock;
    private final Gates gates;
    private final Approvers approvers;

    /**
     * {@code holds}: who holds a service/env and why, as " at sha… by <mention>: reason"; {@code changes}: what changed in a
     * target's env since a request recorded its state ({@link Deployer#changedSince}).
     */
    public Gatekeeper(LarkopsConfig config, Policy policy, RegistryClient registry, ReleaseHistory history, Freezes freezes,
                      BiFunction<ServiceName, Env, Optional<String>> holds, BiFunction<Target, List<String>, Optional<String>> changes,
                      Clock clock) {
        this(config, policy, registry, history, freezes, holds, changes, clock,
                new Approvers(config.prodApprovals(), Directory.NONE));
    }

    /** {@code approvers}: who may approve prod, resolved at click time (groups and departments through Lark). */
    public Gatekeeper(LarkopsConfig config, Policy policy, RegistryClient registry, ReleaseHistory history, Freezes freezes,
                      BiFunction<ServiceName, Env, Optional<String>> holds, BiFunction<Target, List<String>, Optional<String>> changes,
                      Clock clock, Approvers approvers) {
        this.approvers = approvers;
        this.config = config;
        this.policy = policy;
        this.registry = registry;
        this.signatures = SignatureGate.over(registry);
        this.history = history;
        this.freezes = freezes;
        this.holds = holds;
        this.changes = changes;
        this.clock = clock;
        this.gates = Gates.standard();
    }

    /** What passing tells the caller: the signature line when the env asked for one (for the card). */
    public record Passed(Optional<String> signature) {
    }

    /** Runs every gate on the request; throws {@link GateRefusedException} at the first refusal. */
    public Passed require(ChangeRequest request) {
        Facts facts = new Facts();
        gates.require(request, facts);
        return new Passed(facts.signatureLine);
    }

    /** Who may approve prod: the approval card's rows and the approval-click gate ask this one instance. */
    public Approvers approvers() {
        return approvers;
    }

    /** When {@code env}'s deploy window is closed now: why (a rollback runs anyway and says so). */
    public Optional<com.larkops.i18n.Text> windowClosed(Env env) {
        Instant now = clock.instant();
        return config.calendar().window(env).filter(w -> !w.isOpen(now)).map(w -> com.larkops.i18n.Text.verbatim(w.whyClosed(now)));
    }

    private ServiceConfig service(ServiceName name) {
        return config.service(name).orElseThrow(() -> new IllegalArgumentException("unknown service " + name));
    }

    /** One request's facts; the signature is verified at most once. */
    private final class Facts implements GateFacts {
        private Optional<String> signatureLine = Optional.empty();

        public boolean chatAllowed(Caller caller) {
            return policy.chatAllowed(caller);
        }

        public Role roleOf(Caller caller) {
            return policy.roleOf(caller);
        }

        public Optional<com.larkops.i18n.Text> approverRefusal(Caller caller) {
            return approvers.refusalText(caller);
        }

        public Optional<Digest> tagNow(ServiceName service, String tag) {
            return registry.tagTarget(service(service).repository(), tag);
        }

        public boolean digestServed(ServiceName service, Digest digest) {
            try {
                return registry.resolve(service(service).repository(), digest.value()).equals(digest);
            } catch (RegistryNotFoundException e) {
                return false;
            }
        }

        public Optional<SignatureCheck> signature(Target target) {
            ServiceConfig s = service(target.serviceName());
            Optional<Verdict> verdict = signatures.check(s.verify(), s.repository(), target.env(), target.digest());
            verdict.filter(Verdict::isSigned).ifPresent(v -> signatureLine = Optional.of(v.line()));
            return verdict.map(v -> new SignatureCheck(v.isSigned(), v.line(), s.verify().keys().stream().map(SigningKey::name).toList()));
        }

        public List<String> secretFindings(Target target) {
            List<String> findings = new ArrayList<>();
            for (Map.Entry<String, ImageConfig> e : registry.configs(service(target.serviceName()).repository(), target.digest()).entrySet()) {
                ImageConfig c = e.getValue();
                String where = e.getKey().isEmpty() ? "" : " (" + e.getKey() + ")";
                SecretScan.scan(c.env(), c.labels(), c.history().stream().map(ImageConfig.HistoryEntry::createdBy).toList())
                        .forEach(f -> findings.add(f + where));
            }
            return findings;
        }

        public List<Release> stagingReleasesOf(ServiceName service, Digest digest) {
            return history.history(service, Env.STAGING, 500).stream().filter(r -> r.digest().equals(digest)).toList();
        }

        public Duration soak(ServiceName service) {
            return service(service).soak();
        }

        public Instant now() {
            return clock.instant();
        }

        public Optional<String> hold(ServiceName service, Env env) {
            return holds.apply(service, env);
        }

        public Optional<com.larkops.i18n.Text> freeze(ServiceName service, Env env) {
            return freezes.why(service, env);
        }

        public Optional<com.larkops.window.DeployWindow> window(Env env) {
            return config.calendar().window(env);
        }

        public Optional<String> changedSince(Target target, List<String> before) {
            return changes.apply(target, before);
        }
    }
}
