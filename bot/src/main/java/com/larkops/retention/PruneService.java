package com.larkops.retention;

import com.larkops.command.RefusedException;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.DurationText;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;
import com.larkops.release.Locks;

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
    static final String LOCK = "prune";

    private final LarkopsConfig config;
    private final RetentionReader reader;
    private final Pruner pruner;
    private final PlanStore plans;
    private final Locks locks;
    private final Clock clock;

    public PruneService(LarkopsConfig config, RetentionReader reader, Pruner pruner, PlanStore plans, Locks locks, Clock clock) {
        this.config = config;
        this.reader = reader;
        this.pruner = pruner;
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
        Optional<Locks.Holder> holder = locks.tryAcquire(LOCK, actor);
        if (holder.isPresent()) {
            throw new RefusedException("a prune by " + holder.get().holder() + " is running since " + holder.get().since()
                    + "; try again when it finishes");
        }
        try {
            Optional<PrunePlan> shown = plans.latest(scope, clock.instant().minus(RECENT));
            PrunePlan plan = shown.orElseGet(() -> {
                PrunePlan fresh = RetentionPlanner.plan(reader.read(scope, services));
                plans.save(fresh);
                return fresh;
            });
            PruneReport report = pruner.apply(plan, actor, chat);
            plans.markApplied(scope, plan.madeAt(), clock.instant());
            return new Applied(plan, shown.isEmpty(), report);
        } finally {
            locks.release(LOCK);
        }
    }

    public String describe(Applied applied) {
        String source = applied.fresh()
                ? "no dry run for this scope within the last " + DurationText.human(RECENT) + ": planned now and applied\n"
                : "";
        return source + applied.report().describe(clock.instant());
    }

    /** {@code all} or a configured service; anything else is bad input. */
    public List<ServiceConfig> services(String scope) {
        if (scope.equals("all")) {
            return List.copyOf(config.services().values());
        }
        return List.of(config.service(scope).orElseThrow(() -> new InvalidInputException("unknown service '" + Text.clip(scope)
                + "'; known: " + (config.services().isEmpty() ? "none configured" : String.join(", ", config.services().keySet())))));
    }
}
