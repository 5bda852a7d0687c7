package com.larkops.app;

import com.larkops.approval.Approvals;
import com.larkops.approval.PromotionGate;
import com.larkops.command.AuditSink;
import com.larkops.command.Messenger;
import com.larkops.command.Policy;
import com.larkops.store.ApprovalTable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.release.Deployer;
import com.larkops.release.HealthGate;
import com.larkops.release.PlanExecutor;
import com.larkops.release.Reconciler;
import com.larkops.release.ReleaseCommands;
import com.larkops.release.ReleaseQueries;
import com.larkops.release.RollbackTargets;
import com.larkops.release.SoakWatcher;
import com.larkops.retention.PendingApprovals;
import com.larkops.retention.PruneCommands;
import com.larkops.retention.PruneScheduler;
import com.larkops.retention.PruneService;
import com.larkops.retention.Pruner;
import com.larkops.retention.RetentionReader;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.DockerRuntime;
import com.larkops.runtime.HttpHealthProbe;
import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.store.PrunePlans;
import com.larkops.store.FlagStore;
import com.larkops.store.ReleaseStore;
import com.larkops.runtime.WithoutCanaries;
import com.larkops.pipeline.Follower;
import com.larkops.pipeline.GuardCommands;
import com.larkops.pipeline.RegistryPoller;
import com.larkops.store.GuardTable;

import java.time.Clock;
import java.util.List;

/** The application's parts below the command layer, built once from settings and config; shared by bot and shell. */
public final class Services implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Services.class);
    final Settings settings;
    final LarkopsConfig config;
    final Database db;
    final Clock clock;
    final DockerRuntime runtime;
    final RegistryClient registry;
    final ReleaseStore releases;
    final DbLocks locks;
    final HealthGate health;
    final SoakWatcher soak;
    final ReleaseCommands releaseCommands;
    final Reconciler reconciler;
    final Policy policy;
    final Approvals approvals;
    final ApprovalTable approvalTable;
    private final ExecutorService approvalWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "approved-deploy");
        t.setDaemon(true);
        return t;
    });
    final PruneCommands pruneCommands;
    private final PruneService prune;
    private PruneScheduler pruneScheduler;
    final Deployer deployer;
    final SkillParts skills;
    final GuardTable guards;
    final GuardCommands guardCommands;
    final Follower follower;
    private RegistryPoller poller;

    Services(Settings settings, LarkopsConfig config, Database db, AuditSink audit, Messenger messenger, Clock clock) {
        this.settings = settings;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.runtime = new DockerRuntime(settings.dockerHost());
        RegistryCredentials creds = settings.registryUsername().isBlank() ? RegistryCredentials.none()
                : RegistryCredentials.of(settings.registryUsername(), settings.registryPassword().reveal());
        this.registry = new RegistryClient(config.registry(), creds, config.registryInsecure());
        this.releases = new ReleaseStore(db);
        this.locks = new DbLocks(db, clock);
        this.guards = new GuardTable(db);
        this.guardCommands = new GuardCommands(config, guards, locks, releases, clock);
        // releases see the engine without skill canaries, and never stop this bot's own container synchronously
        ContainerRuntime releaseView = new WithoutCanaries(runtime);
        releaseView = SelfContainer.detect(runtime).<ContainerRuntime>map(self -> new SelfRetire(new WithoutCanaries(runtime), self))
                .orElse(releaseView);
        this.health = new HealthGate(releaseView, new HttpHealthProbe());
        this.soak = new SoakWatcher(releases, health, config.network(), clock);
        PlanExecutor executor = new PlanExecutor(releaseView, health, releases, audit, clock,
                name -> config.service(name).flatMap(com.larkops.config.ServiceConfig::envFile));
        this.deployer = new Deployer(config, releaseView, registry, releases, locks, executor, soak, clock, guardCommands.freezes());
        ReleaseQueries queries = new ReleaseQueries(config, releaseView, registry, releases, health, clock);
        this.policy = new Policy(config.chats(), config.deployers(), config.approvers());
        this.approvalTable = new ApprovalTable(db);
        this.approvals = new Approvals(config, approvalTable, deployer, releases, new PromotionGate(releases, registry, clock),
                messenger, policy, approvalWorker, clock);
        this.releaseCommands = new ReleaseCommands(config, deployer, new RollbackTargets(releases), queries,
                approvals::request, releases);
        this.follower = new Follower(config, guards, releases, deployer, approvals::request, messenger, audit, clock);
        soak.onKnownGood(follower::onKnownGood);
        this.reconciler = new Reconciler(config, releaseView, releases, health,
                r -> locks.heldByAnother(r.service() + "/" + r.env()));
        this.skills = new SkillParts(config, runtime, deployer, health, locks, audit, new FlagStore(db), approvals, clock);
        // retention reads the raw engine: a running canary's digest must stay protected
        PendingApprovals pending = approvalTable::pendingDigests;
        RetentionReader reader = new RetentionReader(config, registry, runtime, releases::all, pending, clock);
        Pruner pruner = new Pruner(registry, runtime, releases::all, pending, reader::knownGoodToKeep, audit, clock);
        this.prune = new PruneService(config, reader, pruner, new PrunePlans(db), locks, clock);
        this.pruneCommands = new PruneCommands(prune);
    }

    /** Polls the registry for following services when {@code follow_poll} is set (the bot only). */
    void startFollowPoll() {
        if (config.follow().anyFollowing()) {
            config.follow().poll().ifPresent(every -> poller = new RegistryPoller(config, registry, follower, releases).start(every));
        }
    }

    /** Starts the scheduled prune when {@code prune_schedule} is configured (the bot only, not the shell). */
    void startPruneSchedule(com.larkops.command.Messenger messenger) {
        config.pruneSchedule().ifPresent(s -> pruneScheduler = new PruneScheduler(s, prune, messenger).start());
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** Settles releases a crash left half-done, and resumes soak watches; returns what to tell the chats. */
    List<Reconciler.Notice> recover() {
        List<Reconciler.Notice> notices = new java.util.ArrayList<>(reconciler.reconcile());
        approvals.expireOverdue();
        approvals.settleAtStart().forEach(n -> notices.add(new Reconciler.Notice(n.chat(), n.text())));
        catchUpSoaks(true);
        return notices;
    }

    /**
     * Live releases whose soak passed while nobody watched (a shell deploy, a bot restart) become known-good
     * when their container ran on undisturbed; with {@code keepWatching}, the others are watched from here.
     */
    void catchUpSoaks(boolean keepWatching) {
        try {
            List<com.larkops.runtime.ContainerState> containers = runtime.listManaged();
            for (var service : config.services().values()) {
                for (Env env : Env.values()) {
                    releases.live(service.name(), env).filter(r -> !r.isKnownGood()).ifPresent(r -> {
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

    public HttpServer.HealthReport health() {
        StringBuilder text = new StringBuilder();
        boolean ok = true;
        // the answer is public: a short reason only; what went wrong in detail goes to the log
        try {
            db.ping();
            text.append("store: ok\n");
        } catch (RuntimeException e) {
            ok = false;
            text.append("store: not answering\n");
            log.warn("healthz: store check failed: {}", e.getMessage());
        }
        try {
            runtime.ping();
            text.append("docker: ok\n");
        } catch (RuntimeException e) {
            ok = false;
            text.append("docker: engine not answering\n");
            log.warn("healthz: engine check failed: {}", e.getMessage());
        }
        return new HttpServer.HealthReport(ok, text.toString());
    }

    /**
     * Releases another bot process was running when this one started (a self-deploy: the old bot awaits
     * the new one's health): once they settle, resume their soak here (the old bot's watch dies with it);
     * if their process died without settling them, reconcile them. Checked until none is left or 10 min pass.
     */
    void followUp(java.util.function.Consumer<Reconciler.Notice> tell) {
        List<Release> pending = new java.util.ArrayList<>(reconciler.busyElsewhere());
        if (pending.isEmpty()) {
            return;
        }
        long until = System.currentTimeMillis() + 600_000;
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "self-deploy-follow-up");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                java.util.Set<Long> ids = pending.stream().map(Release::id).collect(java.util.stream.Collectors.toSet());
                reconciler.reconcile(r -> ids.contains(r.id())).forEach(tell);
                pending.removeIf(r -> releases.byId(r.id()).map(now -> {
                    if (now.outcome() == Release.Outcome.LIVE && !now.isKnownGood()) {
                        config.service(now.service()).ifPresent(s -> soak.watch(now, s));
                    }
                    return now.outcome() != Release.Outcome.IN_PROGRESS;
                }).orElse(true));
            } catch (RuntimeException e) {
                // the engine or the store is briefly away: the next round tries again
            }
            if (pending.isEmpty() || System.currentTimeMillis() > until) {
                timer.shutdown();
            }
        }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        approvalWorker.shutdown();
        try {
            approvalWorker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pruneScheduler != null) {
            pruneScheduler.close();
        }
        if (poller != null) {
            poller.close();
        }
        skills.close();
        soak.close();
        locks.close();
        runtime.close();
    }
}
