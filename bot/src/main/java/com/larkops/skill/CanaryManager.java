package com.larkops.skill;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.config.DotEnv;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.release.Deployer;
import com.larkops.release.HealthGate;
import com.larkops.release.Locks;
import com.larkops.release.Step;
import com.larkops.release.Target;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerSpec;
import com.larkops.runtime.ContainerState;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Runs a skill's canary: a second container of another digest beside the live one, in the env the
 * skill serves from, labelled {@code larkops.canary=true} with its share in {@code larkops.canary-weight}
 * (the engine is the record: a restarted bot routes the same way). Promote is a normal deploy of the
 * canary's digest, after which the canary container goes; abort just removes it. Each engine step is audited.
 */
public final class CanaryManager {
    private final LarkopsConfig config;
    private final ContainerRuntime runtime;
    private final Deployer deployer;
    private final HealthGate health;
    private final Locks locks;
    private final AuditSink audit;
    private final Predicate<Caller> isApprover;
    private final Clock clock;

    public CanaryManager(LarkopsConfig config, ContainerRuntime runtime, Deployer deployer, HealthGate health, Locks locks,
                         AuditSink audit, Predicate<Caller> isApprover, Clock clock) {
        this.config = config;
        this.runtime = runtime;
        this.deployer = deployer;
        this.health = health;
        this.locks = locks;
        this.audit = audit;
        this.isApprover = isApprover;
        this.clock = clock;
    }

    /** Starts (or re-weighs, by replacing) the canary; a canary that fails its health gate is removed again. */
    public Deployer.Outcome start(ServiceConfig skill, String reference, int percent, Caller caller, Progress progress) {
        Endpoint live = liveOf(skill);
        Target target = deployer.resolve(skill, live.env(), reference);
        if (target.digest().value().equals(live.digest())) {
            throw new RefusedException(skill.name() + " " + live.env() + " already runs " + target.digest().shortForm() + " as its live version");
        }
        String lock = skill.name() + "/" + live.env();
        locks.tryAcquire(lock, caller.user()).ifPresent(h -> {
            throw new RefusedException(lock + " is being changed by " + h.holder() + " since " + h.since() + "; try again when it finishes");
        });
        try {
            List<ContainerState> before = canaries(skill.name(), live.env());
            String name = skill.name() + "-" + live.env() + "-canary-" + UUID.randomUUID().toString().substring(0, 6);
            progress.update("starting canary " + name + " of " + skill.name() + " " + target.version() + " ("
                    + target.digest().shortForm() + ") for " + percent + "% of " + live.env() + " users…");
            step(caller, skill, "pull " + target.image(), () -> {
                if (!runtime.hasImage(target.image())) {
                    runtime.pull(target.image());
                }
            });
            step(caller, skill, "create " + name, () -> {
                runtime.ensureNetwork(config.network());
                runtime.create(new ContainerSpec(name, target.image(), labels(target, percent, caller), envOf(skill),
                        config.network(), List.of(), skill.memoryBytes().orElse(null), skill.cpus().orElse(null),
                        "unless-stopped", skill.volumes()));
            });
            step(caller, skill, "start " + name, () -> runtime.start(name));
            var unhealthy = health.await(new Step.AwaitHealthy(name, skill.port(), skill.health(), skill.healthTimeout(), config.network()));
            if (unhealthy.isPresent()) {
                record(caller, skill, "wait until " + name + " is healthy", "failed", unhealthy.get());
                runtime.remove(name);
                return new Deployer.Outcome(false, "canary " + skill.name() + " " + target.version() + " (" + target.digest().shortForm()
                        + ") failed its health gate and was removed: " + unhealthy.get() + "; " + live.version() + " keeps all traffic");
            }
            record(caller, skill, "wait until " + name + " is healthy", "ok", "");
            for (ContainerState old : before) {
                step(caller, skill, "remove earlier canary " + old.name(), () -> runtime.remove(old.name()));
            }
            return new Deployer.Outcome(true, "canary " + skill.name() + " " + target.version() + " (" + target.digest().shortForm()
                    + ") is live and takes " + percent + "% of " + live.env() + " users (the same users each time) beside " + live.version()
                    + " (" + live.shortDigest() + "); watch /status, then /canary " + skill.name() + " promote or abort");
        } finally {
            locks.release(lock);
        }
    }

    /** Deploys the canary's digest through the normal deploy path, then removes the canary container. */
    public Deployer.Outcome promote(ServiceConfig skill, Caller caller, Progress progress) {
        Endpoint canary = SkillRoute.of(skill.name(), runtime.listManaged()).canary()
                .orElseThrow(() -> new RefusedException("no canary of " + skill.name() + " runs; start one with /canary "
                        + skill.name() + " <version> <pct>%"));
        if (canary.env() == Env.PROD && !isApprover.test(caller)) {
            throw new RefusedException("promoting a prod canary puts its digest live in prod: that needs the approver role");
        }
        Target target = deployer.resolve(skill, canary.env(), canary.digest());
        Deployer.Outcome outcome = deployer.deploy(target, Release.Kind.DEPLOY, caller, progress);
        if (!outcome.live()) {
            return new Deployer.Outcome(false, outcome.text() + "\nthe canary keeps its " + canary.weight() + "% share; /canary "
                    + skill.name() + " abort removes it");
        }
        String removed = removeAll(skill, caller, canary.env());
        return new Deployer.Outcome(true, outcome.text() + "\ncanary container removed: " + removed);
    }

    /** Removes every canary container of the skill; the live one keeps (and already had) the rest of the traffic. */
    public String abort(ServiceConfig skill, Caller caller) {
        String removed = "";
        for (Env env : Env.values()) {
            String r = removeAll(skill, caller, env);
            removed += r.equals("none") ? "" : (removed.isEmpty() ? "" : ", ") + r;
        }
        if (removed.isEmpty()) {
            throw new RefusedException("no canary of " + skill.name() + " runs; nothing to abort");
        }
        return "canary of " + skill.name() + " aborted: removed " + removed + "; the live version takes all invocations";
    }

    /** Removes the canaries of {@code env} that run {@code live}, the digest now live there (a promoted canary). */
    public String retire(ServiceConfig skill, Env env, com.larkops.model.Digest live, Caller caller) {
        if (!skill.skill() || canaries(skill.name(), env).stream().noneMatch(c -> live.value().equals(c.label(Labels.DIGEST)))) {
            return "none";
        }
        return removeAll(skill, caller, env);
    }

    /** The env the skill's canaries run in: the one it serves from. */
    public Env liveEnv(ServiceConfig skill) {
        return liveOf(skill).env();
    }

    public java.util.Optional<Endpoint> canaryOf(ServiceConfig skill) {
        return SkillRoute.of(skill.name(), runtime.listManaged()).canary();
    }

    public List<Endpoint> all() {
        return runtime.listManaged().stream().filter(ContainerState::running).filter(c -> Labels.isCanary(c.labels()))
                .map(Endpoint::of).toList();
    }

    private String removeAll(ServiceConfig skill, Caller caller, Env env) {
        List<String> names = canaries(skill.name(), env).stream().map(ContainerState::name).toList();
        for (String n : names) {
            step(caller, skill, "remove canary " + n, () -> runtime.remove(n));
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private Endpoint liveOf(ServiceConfig skill) {
        if (!skill.skill()) {
            throw new RefusedException(skill.name() + " is not a skill: canaries split skill invocations, so only services with 'skill: true' have them");
        }
        return SkillRoute.of(skill.name(), runtime.listManaged()).live().orElseThrow(() -> new RefusedException(
                skill.name() + " runs in no env; deploy it first, then canary the next version beside it"));
    }

    private List<ContainerState> canaries(String service, Env env) {
        return runtime.listManaged().stream().filter(c -> Labels.isCanary(c.labels()))
                .filter(c -> c.isOf(service, env)).toList();
    }

    private Map<String, String> labels(Target target, int percent, Caller caller) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.SERVICE, target.service());
        labels.put(Labels.ENV, target.env().tag());
        labels.put(Labels.VERSION, target.version());
        labels.put(Labels.DIGEST, target.digest().value());
        labels.put(Labels.RELEASE_ID, "canary"); // a canary is no release: it never becomes the env's live record
        labels.put(Labels.DEPLOYED_BY, caller.user());
        labels.put(Labels.CANARY, "true");
        labels.put(Labels.CANARY_WEIGHT, String.valueOf(percent));
        return labels;
    }

    private static List<String> envOf(ServiceConfig skill) {
        return skill.envFile().map(DotEnv::read).orElse(Map.of()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private void step(Caller caller, ServiceConfig skill, String what, Runnable work) {
        try {
            work.run();
            record(caller, skill, what, "ok", "");
        } catch (RuntimeException e) {
            record(caller, skill, what, "failed", String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private void record(Caller caller, ServiceConfig skill, String what, String outcome, String detail) {
        audit.record(new AuditEntry(clock.instant(), caller.user(), caller.chat(), "canary " + skill.name() + ": " + what,
                outcome, detail));
    }

}
