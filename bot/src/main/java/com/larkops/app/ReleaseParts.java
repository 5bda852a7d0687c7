package com.larkops.app;

import com.larkops.command.AuditSink;
import com.larkops.config.LarkopsConfig;
import com.larkops.model.Env;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.release.Deployer;
import com.larkops.release.Freezes;
import com.larkops.release.LiveChecks;
import com.larkops.release.PlanExecutor;
import com.larkops.release.Reconciler;
import com.larkops.release.ReleaseQueries;
import com.larkops.release.SoakWatcher;
import com.larkops.runtime.ContainerState;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Releases: the one executor, the deployer, the soak watch, the queries, and crash recovery (reconcile,
 * catch up on soaks nobody watched, follow up on a self-deploy's releases).
 */
final class ReleaseParts implements AutoCloseable {
    final PlanExecutor executor;
    final SoakWatcher soak;
    final Deployer deployer;
    final ReleaseQueries queries;
    final Reconciler reconciler;
    private final LarkopsConfig config;
    private final EngineParts engine;
    private final StoreParts store;

    ReleaseParts(LarkopsConfig config, EngineParts engine, StoreParts store, PruneParts prune, AuditSink audit, Freezes freezes,
                 Clock clock) {
        this.config = config;
        this.engine = engine;
        this.store = store;
        this.soak = new SoakWatcher(store.releases, engine.releaseHealth, config.network(), clock);
        LiveChecks live = new LiveChecks(engine.runtime, prune.protection::evaluate);
        java.util.function.Function<String, java.util.Optional<java.nio.file.Path>> envFileOf =
                name -> config.service(name).flatMap(com.larkops.config.ServiceConfig::envFile);
        // the one holder of the engine's change ports
        this.executor = engine.swarm.map(s -> PlanExecutor.onSwarm(s, engine.registry, engine.releaseHealth, store.releases, audit,
                        store.planLocks, live, clock, envFileOf))
                .orElseGet(() -> new PlanExecutor(engine.runtime, engine.registry, engine.releaseHealth, store.releases, audit,
                        store.planLocks, live, clock, envFileOf));
        executor.protecting(engine.selfContainer);
        // a self-deploy retires this bot's own container later, on another thread (a step kind of the plan)
        this.deployer = new Deployer(config, engine.releaseRuntime, engine.swarmReads(), engine.registry, store.releases,
                store.planLocks, executor, soak, clock, engine.selfContainer, freezes);
        this.queries = new ReleaseQueries(config, engine.releaseRuntime, engine.swarmReads(), engine.registry, store.releases,
                engine.releaseHealth, clock, store.locks, new com.larkops.store.AuditLog(store.db));
        this.reconciler = new Reconciler(config, engine.releaseRuntime, engine.swarmReads(), store.releases, engine.releaseHealth,
                executor, r -> store.planLocks.heldByAnother(LockKey.of(r.service(), r.env())), engine.selfContainer, clock,
                new com.larkops.store.AuditLog(store.db));
    }

    /**
     * Live releases whose soak passed while nobody watched (a shell deploy, a bot restart) become known-good
     * when their container ran on undisturbed; with {@code keepWatching}, the others are watched from here.
     */
    void catchUpSoaks(boolean keepWatching) {
        try {
            List<ContainerState> containers = engine.releaseRuntime.listManaged();
            for (var service : config.services().values()) {
                for (Env env : Env.values()) {
                    store.releases.live(service.serviceName(), env).filter(r -> !r.isKnownGood()).ifPresent(r -> {
                        var container = containers.stream().filter(c -> c.name().equals(r.container())).findFirst();
                        if (!soak.catchUp(r, service, container) && keepWatching) {
                            soak.watch(r, service);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            // the engine is away: nothing can be judged known-good now; the next run or the bot tries again
        }
    }

    /**
     * Releases another bot process was running when this one started (a self-deploy: the old bot awaits
     * the new one's health), or whose new container is this bot (its old bot died while it booted): once they
     * settle, resume their soak here (the old bot's watch dies with it); if their process died without settling
     * them, reconcile them. Checked until none is left or 10 min pass.
     */
    void followUp(Consumer<Reconciler.Notice> tell) {
        List<Release> pending = new ArrayList<>(reconciler.settleLater());
        if (pending.isEmpty()) {
            return;
        }
        long until = System.currentTimeMillis() + 600_000;
        var timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "self-deploy-follow-up");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                Set<Long> ids = pending.stream().map(Release::id).collect(Collectors.toSet());
                reconciler.reconcile(r -> ids.contains(r.id())).forEach(tell);
                // its bot died after the cut-over: the rest of the change (retire, env tag) and its card
                reconciler.finishCards(r -> ids.contains(r.id())).forEach(tell);
                Set<Long> unfinished = reconciler.unfinishedCards();
                pending.removeIf(r -> store.releases.byId(r.id()).map(now -> {
                    boolean settled = now.outcome() != Release.Outcome.IN_PROGRESS && !unfinished.contains(now.id());
                    if (settled && now.outcome() == Release.Outcome.LIVE && !now.isKnownGood()) {
                        config.service(now.service()).ifPresent(s -> soak.watch(now, s));
                    }
                    return settled;
                }).orElse(true));
            } catch (RuntimeException e) {
                // the engine or the store is briefly away: the next round tries again
            }
            if (pending.isEmpty() || System.currentTimeMillis() > until) {
                timer.shutdown();
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        soak.close();
    }
}
