package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.AuditSink;
import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.Trace;
import com.larkops.config.ConfigException;
import com.larkops.model.DurationText;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.runtime.RuntimeChanges;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmChanges;
import com.larkops.runtime.SwarmReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The only code that changes the engine or the registry. It takes the plan's lock, checks each step's
 * precondition just before it runs, writes every step to the audit log, reports each step to a
 * {@link StepListener}, and undoes the reversible steps when one fails before the cut-over (the old
 * container was never stopped, so it keeps serving). For a deploy or rollback the release row follows the
 * outcome, with diagnostics when it failed. It is the one holder of the engine's change ports
 * ({@link RuntimeChanges}, and {@link SwarmChanges} under {@code runtime: swarm}), which it hands on to its step
 * classes, each doing the step kinds it is named for ({@link StepHandlers#of}: the map of each kind to its handler).
 */
public final class PlanExecutor {
    private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

    private final ReleaseHistory history;
    private final PlanAudit audit;
    private volatile Optional<String> self = Optional.empty();
    private final PlanLocks locks;
    private final Check.Evaluator checks;
    private final Clock clock;
    private final PlanEnv env;
    private final HealthWait health;
    private final Optional<SwarmServiceSteps> swarm;
    private final StepHandlers handlers;

    /**
     * On an engine that runs containers ({@code runtime: docker}); Swarm steps fail, saying so.
     * {@code envFileOf}: a service's configured env file, whose values are scrubbed from whatever the executor reports.
     */
    public <E extends RuntimeReads & RuntimeChanges> PlanExecutor(E engine, RegistryClient registry, HealthGate health,
                        ReleaseHistory history, AuditSink audit, PlanLocks locks, Check.Evaluator checks, Clock clock,
                        Function<String, Optional<Path>> envFileOf) {
        this(engine, engine, null, null, registry, health, history, audit, locks, checks, clock, envFileOf);
    }

    /** On a Swarm manager ({@code runtime: swarm}): its services, and its node's containers for the container steps. */
    public static <S extends RuntimeReads & RuntimeChanges & SwarmReads & SwarmChanges> PlanExecutor onSwarm(S engine,
            RegistryClient registry, HealthGate health, ReleaseHistory history, AuditSink audit, PlanLocks locks,
            Check.Evaluator checks, Clock clock, Function<String, Optional<Path>> envFileOf) {
        return new PlanExecutor(engine, engine, engine, engine, registry, health, history, audit, locks, checks, clock, envFileOf);
    }

    private PlanExecutor(RuntimeReads runtime, RuntimeChanges changes, SwarmReads swarmReads, SwarmChanges swarmChanges,
                         RegistryClient registry, HealthGate health, ReleaseHistory history, AuditSink audit, PlanLocks locks,
                         Check.Evaluator checks, Clock clock, Function<String, Optional<Path>> envFileOf) {
        this.env = new PlanEnv(envFileOf);
        this.health = new HealthWait(health, runtime);
        this.swarm = swarmReads == null || swarmChanges == null ? Optional.empty()
                : Optional.of(new SwarmServiceSteps(new SwarmSteps(swarmReads), swarmChanges));
        this.history = history;
        this.audit = new PlanAudit(audit, clock);
        this.locks = locks;
        this.checks = checks;
        this.clock = clock;
        this.handlers = StepHandlers.of(new ContainerSteps(changes), new ImageSteps(runtime, changes), this.health,
                new RoutingSteps(runtime, changes), new SelfRetire(changes), new RegistrySteps(registry), swarm);
    }

    /** How one step ended. */
    public record StepOutcome(Step step, StepListener.State state, String detail) {
    }

    /**
     * How a plan ended: {@code ok} or not, what to tell the user, why it failed (empty when ok), and each
     * step's outcome (steps never reached are still {@code PENDING}).
     */
    public record Result(boolean ok, Text text, String reason, Duration took, List<StepOutcome> steps,
                         List<String> warnings) {
        public boolean live() {
            return ok;
        }

        /** English: logs, the audit log, the release history. */
        public String message() {
            return text.in(Language.DEFAULT);
        }
    }

    /**
     * Notes in the audit log that {@code release}'s live card is chat message {@code messageId} (recovery PATCHes
     * it), and which command's message it answers: that command has its one reply, so a crash leaves it to the card.
     */
    public void cardPosted(Release release, String messageId, Optional<String> commandMessageId) {
        audit.cardPosted(release, messageId, commandMessageId);
    }

    /** Notes that {@code release}'s live card shows its final state: nothing is left for recovery to tell. */
    public void cardFinished(Release release) {
        audit.cardFinished(release);
    }

    /** Runs a deploy or rollback plan for {@code release}; the release row follows the outcome. */
    public Result execute(Plan plan, Release release, Progress progress) {
        return run(plan, new Context("release " + release.id(), release.actor(), release.chat(), release), progress);
    }

    /** Runs any other plan (recovery, canary, prune) for {@code who}; audited under the plan's title. */
    public Result execute(Plan plan, Caller who, Progress progress) {
        return run(plan, new Context(plan.title(), who.user(), who.chat(), null), progress);
    }

    private record Context(String auditAs, String actor, String chat, Release release, HeldWrites writes) {
        Context(String auditAs, String actor, String chat, Release release) {
            this(auditAs, actor, chat, release, new HeldWrites());
        }
    }

    /**
     * The container this bot runs in, if any: a plan that would stop it without a healthy successor is refused
     * ({@link SelfGuard}), whoever planned it. Set once by the wiring, before any plan runs.
     */
    public PlanExecutor protecting(Optional<String> self) {
        this.self = self;
        return this;
    }

    private Result run(Plan plan, Context ctx, Progress progress) {
        Optional<Text> refused = SelfGuard.refused(plan, self);
        if (refused.isPresent()) {
            String english = refused.get().in(com.larkops.i18n.Language.DEFAULT); // the log, audit row and history are English
            log.warn("{}: {}", ctx.auditAs(), english);
            if (!plan.steps().isEmpty()) {
                audit(ctx, plan.steps().get(0), "refused", english);
            }
            if (ctx.release() != null) {
                history.failed(ctx.release().id(), english);
            }
            return new Result(false, refused.get(), english, Duration.ZERO, List.of(), List.of());
        }
        try (PlanLocks.Held held = locks.hold(plan.lock(), ctx.actor())) {
            return steps(plan, ctx, StepListener.of(progress));
        }
    }

    private Result steps(Plan plan, Context ctx, StepListener listener) {
        RunTally tally = new RunTally(plan, listener);
        List<Step> steps = plan.steps();
        Map<String, String> envValues;
        Redactor redactor;
        try {
            envValues = PlanEnv.injected(plan);
            redactor = Redactor.forEnv(env.secrets(plan, envValues));
        } catch (ConfigException e) {
            return unreadableEnv(e, ctx, tally);
        }
        for (int i = 0; i < steps.size(); i++) {
            tally.outcomes.add(new StepOutcome(steps.get(i), StepListener.State.PENDING, ""));
            listener.onStep(plan, i, steps.get(i), StepListener.State.PENDING, Text.verbatim(""));
        }
        StepHandlers.StepRun run = StepHandlers.StepRun.of(envValues);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!HeldWrites.isCutOver(step)) {
                ctx.writes().flush();
            }
            Check.Verdict verdict = evaluate(step.check());
            if (verdict.kind() == Check.Verdict.Kind.SKIP) {
                tally.mark(i, StepListener.State.SKIPPED, verdict.why());
                audit(ctx, step, "skipped", verdict.reason());
                continue;
            }
            String why;
            Text whyText;
            if (verdict.kind() == Check.Verdict.Kind.ABORT) {
                why = verdict.reason();
                whyText = verdict.why();
                audit(ctx, step, "aborted", why);
            } else {
                tally.mark(i, StepListener.State.RUNNING, Text.verbatim(""));
                int index = i;
                run.running().set(detail -> tally.mark(index, StepListener.State.RUNNING, detail));
                int notesBefore = run.notes().size();
                try {
                    Optional<String> skipped = handlers.run(step, run);
                    if (skipped.isPresent()) {
                        tally.mark(i, StepListener.State.SKIPPED, Text.verbatim(skipped.get()));
                        audit(ctx, step, "skipped", skipped.get());
                        continue;
                    }
                    tally.done.add(step);
                    tally.cutOver |= step.irreversible();
                    if (step instanceof Step.AwaitHealthy) {
                        ctx.writes().holdIfCutOverFollows(steps, i + 1);
                    }
                    if (goesLive(step) && ctx.release() != null && plan.hasRollout()) {
                        long id = ctx.release().id();
                        java.time.Instant healthyAt = clock.instant();
                        ctx.writes().write(() -> history.live(id, plan.container(), healthyAt));
                    }
                    tally.mark(i, StepListener.State.DONE, Text.verbatim(""));
                    // what the step saw on the way (a Swarm node drained, the update applied once more) goes on record
                    audit(ctx, step, "ok", String.join("; ", run.notes().subList(notesBefore, run.notes().size()).stream()
                            .map(n -> n.in(com.larkops.i18n.Language.DEFAULT)).toList()));
                    continue;
                } catch (RuntimeException e) {
                    why = com.larkops.model.Text.escape(redactor.redact(String.valueOf(e.getMessage())));
                    whyText = StepFailed.reason(e, why, redactor);
                    audit(ctx, step, "failed", why);
                }
            }
            ctx.writes().flush();
            tally.mark(i, StepListener.State.FAILED, whyText);
            Step.OnFailure policy = policy(step, verdict);
            if (policy == Step.OnFailure.WARN) {
                tally.warnings.add(Msg.of("release.exec.warning", step.label(), whyText));
                log.warn("{}: {} failed (the plan goes on): {}", ctx.auditAs(), step.describe(), why);
                continue;
            }
            return failed(step, why, whyText, policy, redactor, ctx, tally);
        }
        return finished(run, ctx, tally);
    }

    /**
     * What a failed step does to the plan: its {@link Step.OnFailure}, except that a step its check aborted never
     * just warns (the plan stops and undoes, as for {@link Step.OnFailure#UNDO}).
     */
    private static Step.OnFailure policy(Step step, Check.Verdict verdict) {
        boolean aborted = verdict.kind() == Check.Verdict.Kind.ABORT;
        return aborted && step.onFailure() == Step.OnFailure.WARN ? Step.OnFailure.UNDO : step.onFailure();
    }

    /** The step after which a rollout's new version serves: a container's route, a Swarm update's convergence. */
    private static boolean goesLive(Step step) {
        return step instanceof Step.Route || step instanceof Step.AwaitConverged;
    }

    /** The plan's env file cannot be read: nothing ran, so the release simply failed; the card names the file and line. */
    private Result unreadableEnv(ConfigException e, Context ctx, RunTally tally) {
        // names the file and line, never its content
        Text said = Msg.of("release.exec.env_file", e.getMessage());
        String detail = said.in(Language.DEFAULT);
        if (!tally.plan.steps().isEmpty()) {
            audit(ctx, tally.plan.steps().get(0), "failed", detail);
        }
        if (ctx.release() != null) {
            history.failed(ctx.release().id(), detail);
        }
        evidence(tally.listener, null, said, ""); // the card's evidence names the file and line: nothing else says why
        return new Result(false, said, detail, tally.took(), List.of(), List.of());
    }

    /**
     * A step failed and the plan stops there: before the cut-over of a rollout the card gets the evidence (the exit
     * code and last log lines of the plan's container); {@link Step.OnFailure#UNDO} undoes the reversible steps done
     * until the cut-over, {@link Step.OnFailure#STOP} stops where it is (nothing is undone); the release row fails.
     */
    private Result failed(Step step, String why, Text whyText, Step.OnFailure policy, Redactor redactor, Context ctx,
                          RunTally tally) {
        Plan plan = tally.plan;
        boolean cutOver = tally.cutOver;
        String logs = cutOver || !plan.hasRollout() ? "" : health.lastLogs(plan.container(), redactor);
        Text said = logs.isEmpty() ? Msg.of("release.exec.failed", step.label(), whyText)
                : Msg.of("release.exec.failed_logs", step.label(), whyText, com.larkops.model.Text.escape(logs));
        if (plan.hasRollout() && !cutOver) {
            evidence(tally.listener, health.exitCode(plan.container()), Msg.of("release.exec.failed", step.label(), whyText), logs);
        }
        if (policy == Step.OnFailure.UNDO && !cutOver) {
            undo(tally.done, ctx);
        }
        String detail = said.in(Language.DEFAULT);
        if (ctx.release() != null) {
            history.failed(ctx.release().id(), detail);
        }
        return new Result(false, said, why, tally.took(), List.copyOf(tally.outcomes), tally.warningsInEnglish());
    }

    /** Every step ran (or was skipped, or warned): live in the env, or done; the notes, the Swarm tasks, the warnings. */
    private Result finished(StepHandlers.StepRun run, Context ctx, RunTally tally) {
        ctx.writes().flush();
        Trace.mark(Trace.Stage.EXECUTED);
        Plan plan = tally.plan;
        Duration took = tally.took();
        Text what = plan.hasRollout() ? Msg.of("release.exec.live_in", plan.target().env(), DurationText.human(took))
                : Msg.of("release.exec.done_in", DurationText.human(took));
        List<Text> parts = new ArrayList<>(List.of(what));
        run.notes().forEach(n -> parts.add(n.map(com.larkops.model.Text::escape)));
        swarm.flatMap(services -> services.report(plan)).ifPresent(parts::add);
        if (!tally.warnings.isEmpty()) {
            parts.add(Msg.of("release.exec.warnings", Text.lines(tally.warnings)));
        }
        return new Result(true, Text.lines(parts), "", took, List.copyOf(tally.outcomes), tally.warningsInEnglish());
    }

    private Check.Verdict evaluate(Check check) {
        if (check instanceof Check.Always) {
            return Check.Verdict.GO;
        }
        try {
            return checks.evaluate(check);
        } catch (RuntimeException e) {
            return Check.Verdict.abort(Msg.of("release.step.cannot_check", com.larkops.i18n.Explained.of(e)));
        }
    }

    /** Whether {@code e} is the engine call cut off by this process's own shutdown ({@link SelfRetire#closedUnderUs}). */
    static boolean closedUnderUs(Throwable e) {
        return SelfRetire.closedUnderUs(e);
    }

    private static void evidence(StepListener listener, Integer exitCode, Text reason, String logs) {
        try {
            listener.failed(exitCode, reason, logs);
        } catch (RuntimeException e) {
            log.warn("step listener failed on the evidence: {}", e.getMessage());
        }
    }

    /** Before the cut-over: the reversible steps done are undone, newest first (a started container stops, a created one goes). */
    private void undo(List<Step> done, Context ctx) {
        for (int i = done.size() - 1; i >= 0; i--) {
            Optional<Step> undo = done.get(i).undo();
            if (undo.isEmpty()) {
                continue;
            }
            try {
                handlers.run(undo.get(), StepHandlers.StepRun.of(Map.of()));
                audit(ctx, undo.get(), "ok", "undo");
            } catch (RuntimeException e) {
                audit(ctx, undo.get(), "failed", String.valueOf(e.getMessage()));
                log.warn("{}: undo {} failed: {}", ctx.auditAs(), undo.get().describe(), e.getMessage());
            }
        }
    }

    private void audit(Context ctx, Step step, String outcome, String detail) {
        audit.step(ctx.auditAs(), ctx.actor(), ctx.chat(), ctx.writes(), step, outcome, detail);
    }
}
