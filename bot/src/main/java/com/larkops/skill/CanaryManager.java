package com.larkops.skill;

import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.model.LockKey;
import com.larkops.release.ChangeRequest;
import com.larkops.release.ChangeTracker;
import com.larkops.release.PlanLocks;
import com.larkops.release.Deployer;
import com.larkops.release.Plan;
import com.larkops.release.PlanExecutor;
import com.larkops.release.Step;
import com.larkops.release.Target;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Runs a skill's canary: reads the engine, has {@link CanaryPlanner} plan, and the executor run the plan
 * (lock, audit, undo). Promote is a normal deploy of the canary's digest, after which the canary goes.
 */
public final class CanaryManager {
    private final LarkopsConfig config;
    private final RuntimeReads runtime;
    private final Deployer deployer;
    private final PlanExecutor executor;
    private final Predicate<Caller> isApprover;

    public CanaryManager(LarkopsConfig config, RuntimeReads runtime, Deployer deployer, PlanExecutor executor,
                         Predicate<Caller> isApprover) {
        this.config = config;
        this.runtime = runtime;
        this.deployer = deployer;
        this.executor = executor;
        this.isApprover = isApprover;
    }

    /** Starts (or re-weighs, by replacing) the canary; a canary that fails before it is healthy is removed again. */
    public Deployer.Outcome start(ServiceConfig skill, String reference, int percent, Caller caller, Progress progress) {
        Env env = liveOf(skill).env();
        Target target = deployer.resolve(skill, env, reference);
        // a canary is a change too: every gate (signature in staging too, freeze — an approved one included)
        deployer.gates().require(ChangeRequest.of(ChangeRequest.Origin.CANARY, caller, ChangeRequest.Kind.CANARY, target));
        // look, plan and start under the skill/env lock: two starts at once cannot both see "no canary" and both start
        try (PlanLocks.Held held = deployer.hold(LockKey.of(skill.name(), env), caller.user())) {
            return startLocked(skill, target, percent, caller, progress);
        }
    }

    private Deployer.Outcome startLocked(ServiceConfig skill, Target target, int percent, Caller caller, Progress progress) {
        Endpoint live = checkedLive(skill, target);
        return run(skill, target, percent, live, planFor(skill, target, percent, caller), caller, progress);
    }

    /** A prod canary's plan, made when it is requested, stored on the approval card, and run as shown when approved. */
    public record Prepared(Plan plan, List<String> runningBefore) {
    }

    public Prepared prepare(ServiceConfig skill, Target target, int percent, Caller caller) {
        checkedLive(skill, target);
        return new Prepared(planFor(skill, target, percent, caller), deployer.envState(target));
    }

    /**
     * Runs an approved canary plan exactly as stored, under the skill/env lock, provided the env still runs what it ran
     * when the plan was made (otherwise refused: nobody approved a canary beside another live version).
     */
    public Deployer.Outcome runApproved(ServiceConfig skill, Target target, int percent, Plan plan, List<String> runningBefore,
                                        Caller requester, Progress progress) {
        try (PlanLocks.Held held = deployer.hold(LockKey.of(skill.name(), target.env()), requester.user())) {
            Endpoint live = checkedLive(skill, target);
            deployer.changedSince(target, runningBefore).ifPresent(change -> {
                throw new RefusedException(change + "; nothing was done — ask again");
            });
            return run(skill, target, percent, live, plan, requester, progress);
        }
    }


    private Endpoint checkedLive(ServiceConfig skill, Target target) {
        Endpoint live = liveOf(skill);
        if (live.env() != target.env()) {
            throw new RefusedException(skill.name() + " serves from " + live.env() + " now, not " + target.env() + "; ask again");
        }
        if (target.digest().value().equals(live.digest())) {
            throw new RefusedException(skill.name() + " " + live.env() + " already runs " + target.digest().shortForm() + " as its live version");
        }
        return live;
    }

    private Plan planFor(ServiceConfig skill, Target target, int percent, Caller caller) {
        String name = skill.name() + "-" + target.env() + "-canary-" + UUID.randomUUID().toString().substring(0, 6);
        return CanaryPlanner.start(skill, target, percent, caller.user(), config.network(), name, runtime.listManaged());
    }

    private Deployer.Outcome run(ServiceConfig skill, Target target, int percent, Endpoint live, Plan plan, Caller caller,
                                 Progress progress) {
        String name = plan.steps().stream().filter(st -> st instanceof Step.Start).map(st -> ((Step.Start) st).container())
                .findFirst().orElse("canary");
        progress.update("starting canary " + name + " of " + skill.name() + " " + target.version() + " ("
                + target.digest().shortForm() + ") for " + percent + "% of " + live.env() + " users…");
        // the canary's live card: its plan's steps as they run, then the outcome
        ChangeTracker card = ChangeTracker.forSteps("canary", skill.name(), live.env().tag(), caller.user(), target, plan, progress,
                Clock.systemUTC());
        card.update(c -> c.line(percent + "% of " + live.env() + " users, beside " + com.larkops.cards.Md.escape(live.version())));
        PlanExecutor.Result result = executor.execute(plan, caller, card);
        if (!result.ok()) {
            boolean health = result.steps().stream().anyMatch(s -> s.step() instanceof Step.AwaitHealthy
                    && s.state() == com.larkops.release.StepListener.State.FAILED);
            String text = "canary " + skill.name() + " " + target.version()
                    + " (" + target.digest().shortForm() + ")" + (health ? " failed its health gate and was removed: " + result.reason() : " could not start and was removed: "
                    + result.message()) + "; " + live.version() + " keeps all traffic";
            return new Deployer.Outcome(false, text, Optional.of(card.finish(false, text)));
        }
        String text = "canary " + skill.name() + " " + target.version() + " (" + target.digest().shortForm()
                + ") is live and takes " + percent + "% of " + live.env() + " users (the same users each time) beside " + live.version()
                + " (" + live.shortDigest() + "); watch /status, then /canary " + skill.name() + " promote or abort";
        return new Deployer.Outcome(true, text, Optional.of(card.finish(true, text)));
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
        deployer.gates().require(ChangeRequest.of(ChangeRequest.Origin.CANARY, caller, ChangeRequest.Kind.DEPLOY, target));
        Deployer.Outcome outcome = deployer.deploy(target, Release.Kind.DEPLOY, caller, progress);
        if (!outcome.live()) {
            return new Deployer.Outcome(false, outcome.text() + "\nthe canary keeps its " + canary.weight() + "% share; /canary "
                    + skill.name() + " abort removes it");
        }
        return new Deployer.Outcome(true, outcome.text() + "\ncanary container removed: " + removeAll(skill, caller, canary.env()));
    }

    /** Removes every canary container of the skill; the live one keeps (and already had) the rest of the traffic. */
    public String abort(ServiceConfig skill, Caller caller) {
        List<String> removed = removeAll(skill, caller);
        if (removed.isEmpty()) {
            throw new RefusedException("no canary of " + skill.name() + " runs; nothing to abort");
        }
        return "canary of " + skill.name() + " aborted: removed " + String.join(", ", removed)
                + "; the live version takes all invocations";
    }

    /** Removes the canaries of {@code env} that run {@code live}, the digest now live there (a promoted canary). */
    public String retire(ServiceConfig skill, Env env, com.larkops.model.Digest live, Caller caller) {
        if (!skill.skill() || CanaryPlanner.canaries(runtime.listManaged(), skill.name(), env).stream()
                .noneMatch(c -> live.value().equals(c.label(Labels.DIGEST)))) {
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

    private List<String> removeAll(ServiceConfig skill, Caller caller) {
        List<String> removed = new ArrayList<>();
        for (Plan plan : CanaryPlanner.abort(skill.name(), runtime.listManaged())) {
            removed.addAll(run(skill, plan, caller));
        }
        return removed;
    }

    private String removeAll(ServiceConfig skill, Caller caller, Env env) {
        List<String> removed = CanaryPlanner.abort(skill.name(), env, runtime.listManaged())
                .map(plan -> run(skill, plan, caller)).orElse(List.of());
        return removed.isEmpty() ? "none" : String.join(", ", removed);
    }

    /** Runs a removal plan; returns the containers it removed. */
    private List<String> run(ServiceConfig skill, Plan plan, Caller caller) {
        PlanExecutor.Result result = executor.execute(plan, caller, Progress.NONE);
        if (!result.ok() || !result.warnings().isEmpty()) {
            throw new RefusedException("removing the canary of " + skill.name() + " failed: "
                    + (result.ok() ? String.join("; ", result.warnings()) : result.message()));
        }
        return plan.steps().stream().map(s -> ((Step.Remove) s).container()).toList();
    }

    private Endpoint liveOf(ServiceConfig skill) {
        if (!skill.skill()) {
            throw new RefusedException(skill.name() + " is not a skill: canaries split skill invocations, so only services with 'skill: true' have them");
        }
        return SkillRoute.of(skill.name(), runtime.listManaged()).live().orElseThrow(() -> new RefusedException(
                skill.name() + " runs in no env; deploy it first, then canary the next version beside it"));
    }
}
