package com.larkops.app;

import com.larkops.command.Messenger;
import com.larkops.config.LarkopsConfig;
import com.larkops.release.PlanExecutor;
import com.larkops.retention.PendingApprovals;
import com.larkops.retention.ProtectionCheck;
import com.larkops.retention.PruneCommands;
import com.larkops.retention.PruneScheduler;
import com.larkops.retention.PruneService;
import com.larkops.retention.RetentionReader;

import java.time.Clock;

/**
 * Retention: what it reads, the live re-check the executor runs before each removal, /prune, and the
 * scheduled prune. Retention reads the whole engine: a running canary's digest stays protected.
 */
final class PruneParts implements AutoCloseable {
    final ProtectionCheck protection;
    private final RetentionReader reader;
    private final LarkopsConfig config;
    private final StoreParts store;
    private final Clock clock;
    private PruneService service;
    private PruneScheduler scheduler;

    PruneParts(LarkopsConfig config, EngineParts engine, StoreParts store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        PendingApprovals pending = store.approvals::pendingDigests;
        this.reader = new RetentionReader(config, engine.registry, engine.runtime, store.releases::all, pending, clock);
        this.protection = new ProtectionCheck(engine.registry, engine.runtime, store.releases::all, pending, reader::knownGoodToKeep);
    }

    /** The executor needs {@link #protection} first; the prune service needs the executor. */
    PruneCommands commands(PlanExecutor executor) {
        this.service = new PruneService(config, reader, executor, store.prunePlans, store.planLocks, clock);
        return new PruneCommands(service);
    }

    /** Starts the scheduled prune when {@code prune_schedule} is configured (the bot only, not the shell). */
    void startSchedule(Messenger messenger, java.util.function.BooleanSupplier leads) {
        config.pruneSchedule().ifPresent(s -> scheduler = new PruneScheduler(s, service, messenger).start(leads));
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }
}
