package com.larkops.retention;

import com.larkops.command.Caller;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.DurationText;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;
import com.larkops.model.LockKey;
import com.larkops.release.PlanExecutor;
import com.larkops.release.PlanLocks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Dry run and apply. A dry run reads, plans and stores the plan for its scope; apply runs the latest
 * unapplied plan of the same scope made within {@link #RECENT} — what the approver saw — or, with none, a
 * fresh one. An hour because a plan is a snapshot: older than that it describes a registry that has moved on
 * (the live re-check still guards every deletion). One prune at a time, across bot and shell.
 */
public final class PruneService {
    public static final Duration RECENT = Duration.ofHours(1);

    private final LarkopsConfig config;
    private final RetentionReader reader;
    private final PlanExecutor executor;
    private final PlanStore plans;
    private final PlanLocks locks;
    private final Clock clock;

    public PruneService(LarkopsConfig config, RetentionReader reader, PlanExecutor executor, PlanStore plans, PlanLocks locks,
                        Clock clock) {
        this.config = config;
        this.reader = reader;
        this.executor = executor;
        this.plans = plans;
        this.locks = locks;
        this.clock = clock;
    }

    /** What an apply ran: the plan (stored or fresh) and the report. */
    public record Applied(PrunePlan plan, boolean fresh, PruneReport report) {
    }

    public PrunePlan dryRun(String scope) {
        PrunePlan plan = RetentionPlanner.plan(reader.read(scope, services(scope)));
        plans.save(plan);
        return plan;
    }

    public Applied apply(String scope, String actor, String chat) {
        List<ServiceConfig> services = services(scope);
        try (PlanLocks.Held held = locks.hold(LockKey.prune(), actor)) {
            Optional<PrunePlan> shown = plans.latest(scope, clock.instant().minus(RECENT));
            PrunePlan plan = shown.orElseGet(() -> {
                PrunePlan fresh = RetentionPlanner.plan(reader.read(scope, services));
                plans.save(fresh);
                return fresh;
            });
            PrunePlanner.Planned planned = PrunePlanner.plan(plan);
            StepDetails details = new StepDetails();
            PlanExecutor.Result result = executor.execute(planned.plan(), new Caller(actor, chat, false), details);
            PruneReport report = PruneReport.of(plan, planned, result, details::why);
            plans.markApplied(scope, plan.madeAt(), clock.instant());
            return new Applied(plan, shown.isEmpty(), report);
        }
    }

    public com.larkops.i18n.Text describe(Applied applied) {
        com.larkops.i18n.Text report = applied.report().text(clock.instant());
        return applied.fresh() ? com.larkops.i18n.Msg.of("pipeline.prune.fresh", DurationText.human(RECENT)).thenLine(report) : report;
    }

    /** {@code all} or a configured service; anything else is bad input. */
    public List<ServiceConfig> services(String scope) {
        if (scope.equals("all")) {
            return List.copyOf(config.services().values());
        }
        return List.of(config.service(scope).orElseThrow(() -> new InvalidInputException(config.services().isEmpty()
                ? com.larkops.i18n.Msg.of("pipeline.unknown_service_none", Text.clip(scope))
                : com.larkops.i18n.Msg.of("pipeline.unknown_service", Text.clip(scope), String.join(", ", config.services().keySet())))));
    }
}
