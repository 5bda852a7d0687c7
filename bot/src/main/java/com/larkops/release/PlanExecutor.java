package com.larkops.release;

import com.larkops.i18n.Msg;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.Trace;
import com.larkops.config.ConfigException;
import com.larkops.config.DotEnv;
import com.larkops.model.DurationText;
import com.larkops.model.Release;
import com.larkops.model.Text;
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
 * ({@link RuntimeChanges}, and {@link SwarmChanges} under {@code runtime: swarm}); each step kind has one
 * handler ({@link StepHandlers}).
 */
public final class PlanExecutor {
    private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

    private final ReleaseHistory history;
    private final AuditSink audit;
    private volatile Optional<String> self = Optional.empty();
    private final PlanLocks locks;
    private final Check.Evaluator checks;
    private final Clock clock;
    private final Function<String, Optional<Path>> envFileOf;
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
        this.envFileOf = envFileOf;
        this.health = new HealthWait(health, runtime);
        this.swarm = swarmReads == null || swarmChanges == null ? Optional.empty()
                : Optional.of(new SwarmServiceSteps(new SwarmSteps(swarmReads), swarmChanges));
        this.history = history;
        this.audit = audit;
        this.locks = locks;
        this.checks = checks;
        this.clock = clock;
        this.handlers = handlers(new ContainerSteps(changes), new ImageSteps(runtime, changes), this.health,
                new RoutingSteps(runtime, changes), new SelfRetire(changes), new RegistrySteps(registry), swarm);
    }

    /** How one step ended. */
    public record StepOutcome(Step step, StepListener.State state, String detail) {
    }

    /**
     * How a plan ended: {@code ok} or not, what to tell the user, why it failed (empty when ok), and each
     * step's outcome (steps never reached are still {@code PENDING}).
     */
    public record Result(boolean ok, com.larkops.i18n.Text text, String reason, Duration took, List<StepOutcome> steps,
                         List<String> warnings) {
        public boolean live() {
            return ok;
        }

        /** English: logs, the audit log, the release history. */
        public String message() {
            return text.in(com.larkops.i18n.Language.DEFAULT);
        }
    }

    /**
     * Notes in the audit log that {@code release}'s live card is chat message {@code messageId} (recovery PATCHes
     * it), and which command's message it answers: that command has its one reply, so a crash leaves it to the card.
     */
    public void cardPosted(Release release, String messageId, Optional<String> commandMessageId) {
        audit.record(new com.larkops.command.AuditEntry(clock.instant(), release.actor(), release.chat(),
                StepRecords.cardEntry(release.id()), "posted", messageId));
        commandMessageId.ifPresent(command -> audit.record(new com.larkops.command.AuditEntry(clock.instant(), release.actor(),
                release.chat(), StepRecords.cardEntry(release.id()), StepRecords.ANSWERS, command)));
    }

    /** Notes that {@code release}'s live card shows its final state: nothing is left for recovery to tell. */
    public void cardFinished(Release release) {
        audit.record(new com.larkops.command.AuditEntry(clock.instant(), release.actor(), release.chat(),
                StepRecords.cardEntry(release.id()), "finished", ""));
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
        Optional<String> refused = SelfGuard.refusal(plan, self);
        if (refused.isPresent()) {
            log.warn("{}: {}", ctx.auditAs(), refused.get());
            if (!plan.steps().isEmpty()) {
                audit(ctx, plan.steps().get(0), "refused", refused.get());
            }
            if (ctx.release() != null) {
                history.failed(ctx.release().id(), refused.get());
            }
            return new Result(false, com.larkops.i18n.Text.verbatim(refused.get()), refused.get(), Duration.ZERO, List.of(), List.of());
        }
        try (PlanLocks.Held held = locks.hold(plan.lock(), ctx.actor())) {
            return steps(plan, ctx, StepListener.of(progress));
        }
    }

    private Result steps(Plan plan, Context ctx, StepListener listener) {
        long start = System.nanoTime();
        List<Step> steps = plan.steps();
        Map<String, String> envValues;
        Redactor redactor;
        try {
            envValues = createEnv(plan);
            redactor = Redactor.forEnv(secretsOf(plan, envValues));
        } catch (ConfigException e) {
            // names the file and line, never its content; nothing ran, so the release simply failed
            com.larkops.i18n.Text said = Msg.of("release.exec.env_file", e.getMessage());
            String detail = said.in(com.larkops.i18n.Language.DEFAULT);
            if (!steps.isEmpty()) {
                audit(ctx, steps.get(0), "failed", detail);
            }
            if (ctx.release() != null) {
                history.failed(ctx.release().id(), detail);
            }
            evidence(listener, null, said, ""); // the card's evidence names the file and line: nothing else says why
            return new Result(false, said, detail, Duration.ofNanos(System.nanoTime() - start), List.of(), List.of());
        }
        List<StepOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            outcomes.add(new StepOutcome(steps.get(i), StepListener.State.PENDING, ""));
            listener.onStep(plan, i, steps.get(i), StepListener.State.PENDING, com.larkops.i18n.Text.verbatim(""));
        }
        List<Step> done = new ArrayList<>();
        boolean cutOver = false;
        List<String> warnings = new ArrayList<>();
        List<com.larkops.i18n.Text> warningTexts = new ArrayList<>();
        StepHandlers.StepRun run = StepHandlers.StepRun.of(envValues);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!HeldWrites.isCutOver(step)) {
                ctx.writes().flush();
            }
            Check.Verdict verdict = evaluate(step.check());
            if (verdict.kind() == Check.Verdict.Kind.SKIP) {
                mark(plan, i, StepListener.State.SKIPPED, verdict.why(), outcomes, listener);
                audit(ctx, step, "skipped", verdict.reason());
                continue;
            }
            String why;
            com.larkops.i18n.Text whyText;
            if (verdict.kind() == Check.Verdict.Kind.ABORT) {
                why = verdict.reason();
                whyText = verdict.why();
                audit(ctx, step, "aborted", why);
            } else {
                mark(plan, i, StepListener.State.RUNNING, com.larkops.i18n.Text.verbatim(""), outcomes, listener);
                int index = i;
                run.running().set(detail -> mark(plan, index, StepListener.State.RUNNING, com.larkops.i18n.Text.verbatim(detail), outcomes, listener));
                int notesBefore = run.notes().size();
                try {
                    Optional<String> skipped = handlers.run(step, run);
                    if (skipped.isPresent()) {
                        mark(plan, i, StepListener.State.SKIPPED, com.larkops.i18n.Text.verbatim(skipped.get()), outcomes, listener);
                        audit(ctx, step, "skipped", skipped.get());
                        continue;
                    }
                    done.add(step);
                    cutOver |= step.irreversible();
                    if (step instanceof Step.AwaitHealthy) {
                        ctx.writes().holdIfCutOverFollows(steps, i + 1);
                    }
                    if ((step instanceof Step.Route || step instanceof Step.AwaitConverged) && ctx.release() != null && plan.hasRollout()) {
                        long id = ctx.release().id();
                        java.time.Instant healthyAt = clock.instant();
                        ctx.writes().write(() -> history.live(id, plan.container(), healthyAt));
                    }
                    mark(plan, i, StepListener.State.DONE, com.larkops.i18n.Text.verbatim(""), outcomes, listener);
                    // what the step saw on the way (a Swarm node drained, the update applied once more) goes on record
                    audit(ctx, step, "ok", String.join("; ", run.notes().subList(notesBefore, run.notes().size())));
                    continue;
                } catch (RuntimeException e) {
                    why = Text.escape(redactor.redact(String.valueOf(e.getMessage())));
                    whyText = reason(e, why, redactor);
                    audit(ctx, step, "failed", why);
                }
            }
            ctx.writes().flush();
            mark(plan, i, StepListener.State.FAILED, whyText, outcomes, listener);
            boolean aborted = verdict.kind() == Check.Verdict.Kind.ABORT;
            if (!aborted && step.onFailure() == Step.OnFailure.WARN) {
                com.larkops.i18n.Text warning = Msg.of("release.exec.warning", step.label(), whyText);
                warnings.add(warning.in(com.larkops.i18n.Language.DEFAULT));
                warningTexts.add(warning);
                log.warn("{}: {} failed (the plan goes on): {}", ctx.auditAs(), step.describe(), why);
                continue;
            }
            String logs = cutOver || !plan.hasRollout() ? "" : health.lastLogs(plan.container(), redactor);
            com.larkops.i18n.Text said = logs.isEmpty() ? Msg.of("release.exec.failed", step.label(), whyText)
                    : Msg.of("release.exec.failed_logs", step.label(), whyText, Text.escape(logs));
            if (plan.hasRollout() && !cutOver) {
                evidence(listener, health.exitCode(plan.container()), Msg.of("release.exec.failed", step.label(), whyText), logs);
            }
            // STOP stops where it is, as documented: nothing is undone (UNDO undoes until the cut-over)
            if (!cutOver && step.onFailure() != Step.OnFailure.STOP) {
                undo(done, ctx);
            }
            String detail = said.in(com.larkops.i18n.Language.DEFAULT);
            if (ctx.release() != null) {
                history.failed(ctx.release().id(), detail);
            }
            return new Result(false, said, why, Duration.ofNanos(System.nanoTime() - start), List.copyOf(outcomes),
                    List.copyOf(warnings));
        }
        ctx.writes().flush();
        Trace.mark(Trace.Stage.EXECUTED);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        com.larkops.i18n.Text what = plan.hasRollout() ? Msg.of("release.exec.live_in", plan.target().env(), DurationText.human(took))
                : Msg.of("release.exec.done_in", DurationText.human(took));
        List<com.larkops.i18n.Text> parts = new ArrayList<>(List.of(what));
        run.notes().forEach(n -> parts.add(com.larkops.i18n.Text.verbatim(Text.escape(n))));
        String tasks = swarm.map(services -> services.report(plan)).orElse("");
        if (!tasks.isEmpty()) {
            parts.add(com.larkops.i18n.Text.verbatim(tasks));
        }
        if (!warnings.isEmpty()) {
            parts.add(Msg.of("release.exec.warnings", com.larkops.i18n.Text.lines(warningTexts)));
        }
        return new Result(true, com.larkops.i18n.Text.lines(parts), "", took, List.copyOf(outcomes), List.copyOf(warnings));
    }

    /** The values the Create step injects (from the env file the plan names). */
    private static Map<String, String> createEnv(Plan plan) {
        return plan.steps().stream()
                .map(s -> s instanceof Step.Create c ? Optional.ofNullable(c.envFile())
                        : s instanceof Step.UpdateService u ? Optional.ofNullable(u.envFile()) : Optional.<String>empty())
                .flatMap(Optional::stream).findFirst().map(f -> DotEnv.read(Path.of(f))).orElse(Map.of());
    }

    /**
     * Everything to scrub: the injected values and, for a deploy or rollback, the service's configured env file,
     * read on every path — a rollback restarting a kept container has no Create step, but its logs still print them.
     */
    private Map<String, String> secretsOf(Plan plan, Map<String, String> injected) {
        Map<String, String> all = new java.util.LinkedHashMap<>(injected);
        if (plan.hasRollout()) {
            envFileOf.apply(plan.target().service()).ifPresent(f -> DotEnv.read(f).forEach(all::putIfAbsent));
        }
        return all;
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

    private static void mark(Plan plan, int index, StepListener.State state, com.larkops.i18n.Text detail, List<StepOutcome> outcomes,
                             StepListener listener) {
        Step step = plan.steps().get(index);
        outcomes.set(index, new StepOutcome(step, state, detail.in(com.larkops.i18n.Language.DEFAULT)));
        try {
            listener.onStep(plan, index, step, state, detail);
        } catch (RuntimeException e) {
            log.warn("step listener failed on {}: {}", step.describe(), e.getMessage());
        }
    }

    /**
     * The map of step kinds to their handlers, each a method of the class named for what it does, handed only the
     * ports it needs; the Swarm kinds need Swarm's change port, which only {@code runtime: swarm} hands over.
     */
    private static StepHandlers handlers(ContainerSteps containers, ImageSteps images, HealthWait health, RoutingSteps routing,
                                         SelfRetire selfRetire, RegistrySteps registry, Optional<SwarmServiceSteps> swarm) {
        StepHandlers h = new StepHandlers()
                .does(Step.Pull.class, images::pull)
                .on(Step.Create.class, containers::create)
                .does(Step.Detach.class, routing::detach)
                .does(Step.Start.class, containers::start)
                .on(Step.AwaitHealthy.class, health::await)
                .on(Step.Route.class, routing::route)
                .does(Step.Retire.class, containers::retire)
                .does(Step.RetireLater.class, selfRetire::retireLater)
                .does(Step.Stop.class, containers::stop)
                .does(Step.Remove.class, containers::remove)
                .does(Step.MoveTag.class, registry::moveTag)
                .on(Step.DeleteManifest.class, registry::deleteManifest)
                .on(Step.DeleteAttachment.class, registry::deleteAttachment)
                .does(Step.RemoveImage.class, images::remove);
        if (swarm.isPresent()) {
            SwarmServiceSteps services = swarm.get();
            h.on(Step.UpdateService.class, services::update)
                    .on(Step.AwaitConverged.class, services::converge)
                    .does(Step.RestoreService.class, services::restore);
        } else {
            h.on(Step.UpdateService.class, SwarmServiceSteps::refuse)
                    .on(Step.AwaitConverged.class, SwarmServiceSteps::refuse)
                    .on(Step.RestoreService.class, SwarmServiceSteps::refuse);
        }
        return h.complete();
    }

    /** Whether {@code e} is the engine call cut off by this process's own shutdown ({@link SelfRetire#closedUnderUs}). */
    static boolean closedUnderUs(Throwable e) {
        return SelfRetire.closedUnderUs(e);
    }

    private static void evidence(StepListener listener, Integer exitCode, com.larkops.i18n.Text reason, String logs) {
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

    /** Stamped now; written now, or right after the cut-over when the plan is in it ({@link HeldWrites}). */
    private void audit(Context ctx, Step step, String outcome, String detail) {
        AuditEntry entry = new AuditEntry(clock.instant(), ctx.actor(), ctx.chat(), ctx.auditAs() + ": " + step.describe(), outcome,
                detail == null ? "" : detail);
        ctx.writes().write(() -> audit.record(entry));
    }

    /**
     * What the user reads about a step's failure: {@code english} exactly (as logged and audited), and in the other
     * languages the failure's own text when it has one ({@link com.larkops.i18n.Explained}), shaped the same way.
     */
    private static com.larkops.i18n.Text reason(RuntimeException e, String english, Redactor redactor) {
        if (!(e instanceof com.larkops.i18n.Explained explained)) {
            return com.larkops.i18n.Text.verbatim(english);
        }
        com.larkops.i18n.Text own = explained.text();
        return language -> language == com.larkops.i18n.Language.DEFAULT ? english : Text.escape(redactor.redact(own.in(language)));
    }
}
