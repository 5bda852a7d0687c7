package com.larkops.skill;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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
        try (PlanLocks.Held held = deployer.hold(LockKey.of(skill.serviceName(), env), caller.user())) {
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
        try (PlanLocks.Held held = deployer.hold(LockKey.of(skill.serviceName(), target.env()), requester.user())) {
            Endpoint live = checkedLive(skill, target);
            deployer.changedSince(target, runningBefore).ifPresent(change -> {
                throw new RefusedException(Msg.of("pipeline.canary.changed", change));
            });
            return run(skill, target, percent, live, plan, requester, progress);
        }
    }


    private Endpoint checkedLive(ServiceConfig skill, Target target) {
        Endpoint live = liveOf(skill);
        if (live.env() != target.env()) {
            throw new RefusedException(Msg.of("pipeline.canary.moved", skill.name(), live.env(), target.env()));
        }
        if (target.digest().value().equals(live.digest())) {
            throw new RefusedException(Msg.of("pipeline.canary.already_live", skill.name(), live.env(), target.digest().shortForm()));
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
        progress.update(english(Msg.of("pipeline.canary.starting", name, skill.name(), target.version(), target.digest().shortForm(),
                percent, live.env())));
        // the canary's live card: its plan's steps as they run, then the outcome
        ChangeTracker card = ChangeTracker.forSteps("canary", skill.serviceName(), live.env(), caller.user(), target, plan, progress,
                Clock.systemUTC());
        card.update(c -> c.line(Msg.of("pipeline.canary.share_line", percent, live.env(), com.larkops.cards.Md.escape(live.version()))));
        PlanExecutor.Result result = executor.execute(plan, caller, card);
        if (!result.ok()) {
            boolean health = result.steps().stream().anyMatch(s -> s.step() instanceof Step.AwaitHealthy
                    && s.state() == com.larkops.release.StepListener.State.FAILED);
            Text text = Msg.of(health ? "pipeline.canary.unhealthy" : "pipeline.canary.not_started", skill.name(), target.version(),
                    target.digest().shortForm(), health ? result.reason() : result.message(), live.version());
            return new Deployer.Outcome(false, text, Optional.of(card.finish(false, text)));
        }
        Text text = Msg.of("pipeline.canary.live", skill.name(), target.version(), target.digest().shortForm(), percent, live.env(),
                live.version(), live.shortDigest());
        return new Deployer.Outcome(true, text, Optional.of(card.finish(true, text)));
    }

    /** Deploys the canary's digest through the normal deploy path, then removes the canary container. */
    public Deployer.Outcome promote(ServiceConfig skill, Caller caller, Progress progress) {
        Endpoint canary = SkillRoute.of(skill.serviceName(), runtime.listManaged()).canary()
                .orElseThrow(() -> new RefusedException(Msg.of("pipeline.canary.none_to_promote", skill.name())));
        if (canary.env() == Env.PROD && !isApprover.test(caller)) {
            throw new RefusedException(Msg.of("pipeline.canary.promote_needs_approver"));
        }
        Target target = deployer.resolve(skill, canary.env(), canary.digest());
        deployer.gates().require(ChangeRequest.of(ChangeRequest.Origin.CANARY, caller, ChangeRequest.Kind.DEPLOY, target));
        Deployer.Outcome outcome = deployer.deploy(target, Release.Kind.DEPLOY, caller, progress);
        if (!outcome.live()) {
            return new Deployer.Outcome(false, outcome.message().thenLine(Msg.of("pipeline.canary.keeps_share", canary.weight(), skill.name())));
        }
        List<String> removed = removeAll(skill, caller, canary.env());
        return new Deployer.Outcome(true, outcome.message().thenLine(Msg.of("pipeline.canary.removed", removed.isEmpty()
                ? Msg.of("pipeline.canary.nothing_removed") : Text.verbatim(String.join(", ", removed)))));
    }

    /** Removes every canary container of the skill; the live one keeps (and already had) the rest of the traffic. */
    public Text abort(ServiceConfig skill, Caller caller) {
        List<String> removed = removeAll(skill, caller);
        if (removed.isEmpty()) {
            throw new RefusedException(Msg.of("pipeline.canary.none_to_abort", skill.name()));
        }
        return Msg.of("pipeline.canary.aborted", skill.name(), String.join(", ", removed));
    }

    /** What {@link #retire} answers when no canary went: the approval side's sentinel (compared, never shown). */
    static final String NOTHING_RETIRED = "none";

    /** Removes the canaries of {@code env} that run {@code live}, the digest now live there (a promoted canary). */
    public String retire(ServiceConfig skill, Env env, com.larkops.model.Digest live, Caller caller) {
        if (!skill.skill() || CanaryPlanner.canaries(runtime.listManaged(), skill.serviceName(), env).stream()
                .noneMatch(c -> live.value().equals(c.label(Labels.DIGEST)))) {
            return NOTHING_RETIRED;
        }
        List<String> removed = removeAll(skill, caller, env);
        return removed.isEmpty() ? NOTHING_RETIRED : String.join(", ", removed);
    }

    /** The env the skill's canaries run in: the one it serves from. */
    public Env liveEnv(ServiceConfig skill) {
        return liveOf(skill).env();
    }

    public java.util.Optional<Endpoint> canaryOf(ServiceConfig skill) {
        return SkillRoute.of(skill.serviceName(), runtime.listManaged()).canary();
    }

    public List<Endpoint> all() {
        return runtime.listManaged().stream().filter(ContainerState::running).filter(c -> Labels.isCanary(c.labels()))
                .map(Endpoint::of).toList();
    }

    private List<String> removeAll(ServiceConfig skill, Caller caller) {
        List<String> removed = new ArrayList<>();
        for (Plan plan : CanaryPlanner.abort(skill.serviceName(), runtime.listManaged())) {
            removed.addAll(run(skill, plan, caller));
        }
        return removed;
    }

    private List<String> removeAll(ServiceConfig skill, Caller caller, Env env) {
        return CanaryPlanner.abort(skill.serviceName(), env, runtime.listManaged()).map(plan -> run(skill, plan, caller)).orElse(List.of());
    }

    /** {@link Progress#update} and the change card's lines take English text (their ports); the outcome is multilingual. */
    private static String english(Text text) {
        return text.in(Language.DEFAULT);
    }

    /** Runs a removal plan; returns the containers it removed. */
    private List<String> run(ServiceConfig skill, Plan plan, Caller caller) {
        PlanExecutor.Result result = executor.execute(plan, caller, Progress.NONE);
        if (!result.ok() || !result.warnings().isEmpty()) {
            throw new RefusedException(Msg.of("pipeline.canary.remove_failed", skill.name(),
                    result.ok() ? String.join("; ", result.warnings()) : result.message()));
        }
        return plan.steps().stream().map(s -> ((Step.Remove) s).container()).toList();
    }

    private Endpoint liveOf(ServiceConfig skill) {
        if (!skill.skill()) {
            throw new RefusedException(Msg.of("pipeline.canary.not_a_skill", skill.name()));
        }
        return SkillRoute.of(skill.serviceName(), runtime.listManaged()).live().orElseThrow(() -> new RefusedException(
                Msg.of("pipeline.canary.not_running", skill.name())));
    }
}
