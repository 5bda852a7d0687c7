package com.larkops.app;

import com.larkops.approval.Approvals;
import com.larkops.approval.PromotionGate;
import com.larkops.command.AuditSink;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Policy;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.release.Reconciler;
import com.larkops.release.ReleaseCommands;
import com.larkops.release.RollbackTargets;
import com.larkops.retention.PruneCommands;
import com.larkops.runtime.RuntimeReads;
import com.larkops.store.Database;
import com.larkops.pipeline.Follower;
import com.larkops.pipeline.GuardCommands;
import com.larkops.pipeline.RegistryPoller;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The application, wired once from settings and config and shared by the bot, the shell and the test
 * harness: small per-concern parts (engine, store, releases, prune, skills) plus the approvals and the
 * routing table built on them.
 */
public final class Services implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Services.class);
    final Settings settings;
    final LarkopsConfig config;
    final Database db;
    final Clock clock;
    final AuditSink audit;
    final EngineParts engine;
    final StoreParts store;
    final PruneParts prune;
    final ReleaseParts release;
    final SkillParts skills;
    final Policy policy;
    final Approvals approvals;
    final ReleaseCommands releaseCommands;
    final PruneCommands pruneCommands;
    private final ExecutorService approvalWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "approved-deploy");
        t.setDaemon(true);
        return t;
    });
    final GuardCommands guardCommands;
    final Follower follower;
    final com.larkops.incident.Incidents incidents;
    final com.larkops.incident.IncidentWatcher watcher;
    final com.larkops.incident.IncidentButtons incidentButtons;
    final com.larkops.command.News news;
    final com.larkops.schedule.Schedules schedules;
    private RegistryPoller poller;

    Services(Settings settings, LarkopsConfig config, Database db, AuditSink audit, Messenger messenger, Clock clock) {
        this(settings, config, db, audit, messenger, clock, com.larkops.release.Directory.NONE);
    }

    /** {@code directory}: who is in a Lark user group or department, for approvers listed that way (the bot: Lark's contact API). */
    Services(Settings settings, LarkopsConfig config, Database db, AuditSink audit, Messenger messenger, Clock clock,
             com.larkops.release.Directory directory) {
        this.settings = settings;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.engine = new EngineParts(settings, config);
        this.store = new StoreParts(db, clock);
        this.prune = new PruneParts(config, engine, store, clock);
        this.guardCommands = new GuardCommands(config, store.guards, store.locks, store.releases, clock);
        this.release = new ReleaseParts(config, engine, store, prune, audit, guardCommands.freezes(), clock);
        this.pruneCommands = prune.commands(release.executor);
        this.policy = new Policy(config.chats(), config.deployers(), config.approvers());
        release.deployer.useGates(new com.larkops.release.Gatekeeper(config, policy, engine.registry, store.releases, guardCommands.freezes(),
                (service, env) -> store.guards.hold(service, env).map(h -> (h.digest().isEmpty() ? "" : " at "
                        + com.larkops.model.Digest.shortOf(h.digest())) + " by " + com.larkops.model.Text.mention(h.by())
                        + (h.reason().isBlank() ? "" : ": " + h.reason())), release.deployer::changedSince, clock,
                new com.larkops.release.Approvers(config.prodApprovals(), directory)));
        this.approvals = new Approvals(config, store.approvals, release.deployer, store.releases,
                new PromotionGate(store.releases, engine.registry, clock), messenger, approvalWorker, clock,
                com.larkops.approval.ApprovalView.CARD);
        approvals.useWhatChanged(new com.larkops.approval.WhatChangedReader(engine.registry, engine.runtime));
        this.releaseCommands = new ReleaseCommands(config, release.deployer, new RollbackTargets(store.releases),
                release.queries, approvals::request, store.releases, guardCommands::heldAfterRollback);
        this.incidents = new com.larkops.incident.Incidents(config, store.incidents, store.releases, messenger,
                (message, who) -> messenger.urgent(message, people(directory, who)), clock);
        release.deployer.onFinished((target, kind, actor, live, text) -> incidents.changed(target.serviceName(), target.env(), kind,
                target.version(), target.digest(), actor, live, text));
        this.watcher = new com.larkops.incident.IncidentWatcher(config, release.queries, store.releases, incidents, store.incidents,
                messenger, engine.registry::tagTarget, clock);
        this.incidentButtons = new com.larkops.incident.IncidentButtons(store.incidents, incidents);
        this.news = new com.larkops.lark.NewsThreads(messenger, store.newsThreads,
                subject -> incidents.threadOf(new com.larkops.model.ServiceName(subject)), clock);
        this.follower = new Follower(config, store.guards, store.releases, release.deployer, approvals::request, news, audit, clock,
                engine.registry::tagTarget);
        release.soak.onKnownGood(follower::onKnownGood);
        this.schedules = new com.larkops.schedule.Schedules(config, store.schedules, release.deployer, prodApprovals(approvals, config),
                messenger, clock);
        releaseCommands.useScheduler(schedules);
        approvals.useSchedules(schedules::runsLater);
        this.skills = new SkillParts(config, engine.runtime, release.deployer, release.executor, store.flags, approvals, clock);
    }

    /** What a scheduled prod change asks of the approvals: the card now, the run at the due time. */
    private static com.larkops.schedule.ProdApprovals prodApprovals(Approvals approvals, LarkopsConfig config) {
        return new com.larkops.schedule.ProdApprovals() {
            public String request(com.larkops.config.ServiceConfig service, com.larkops.release.Target target,
                                  com.larkops.command.Caller caller, java.time.Instant at) {
                java.time.ZoneId zone = config.calendar().zone();
                return approvals.requestScheduled(service, target, caller, at, com.larkops.window.WallTime.show(at, zone) + " " + zone.getId());
            }

            public java.util.Optional<String> status(String requestId) {
                return approvals.statusOf(requestId);
            }

            public com.larkops.release.Deployer.Outcome runApproved(String requestId) {
                return approvals.runApprovedNow(requestId);
            }

            public void withdraw(String requestId, String why) {
                approvals.withdraw(requestId, why);
            }

            public java.util.Optional<Request> find(String requestId) {
                return approvals.byId(requestId).map(r -> new Request(r.id(), r.planJson().isBlank()
                        ? new com.larkops.release.Target(r.service(), r.env(), r.digest(), r.version(), "")
                        : com.larkops.release.PlanCodec.fromJson(r.planJson()).target(), r.requester(), r.chat(), r.status().label(),
                        r.isCanary(), r.scheduled()));
            }

            public java.util.Optional<java.util.Map<String, Object>> scheduledFor(String requestId, java.time.Instant at) {
                java.time.ZoneId zone = config.calendar().zone();
                return approvals.scheduledFor(requestId, com.larkops.window.WallTime.show(at, zone) + " " + zone.getId());
            }
        };
    }

    /** The routing table with every command and card action, auditing to this app's audit log (the shell: no card clicks to run). */
    CommandRouter router(CommandObserver observer) {
        return router(observer, java.util.Optional.empty());
    }

    /** The same table; next-action buttons run their typed command on {@code clicks}' workers, the answer in the card's thread. */
    CommandRouter router(CommandObserver observer, java.util.Optional<Commands.Clicks> clicks) {
        return router(observer, clicks, com.larkops.command.RateLimit.standard(System::nanoTime));
    }

    /** The same table with its rate limit's time source given (the router's tests: a time that stands still). */
    CommandRouter router(CommandObserver observer, java.util.Optional<Commands.Clicks> clicks, com.larkops.command.RateLimit rate) {
        CommandRouter router = new CommandRouter(policy, audit, observer, clock, rate, config.language());
        Commands.registerAll(router, this, clicks);
        return router;
    }

    /** Polls the registry for following services when {@code follow_poll} is set (the bot only). */
    void startFollowPoll(java.util.function.BooleanSupplier leads) {
        if (config.follow().anyFollowing()) {
            config.follow().poll().ifPresent(every -> poller = new RegistryPoller(config, engine.registry, follower, store.releases)
                    .start(every, leads));
        }
    }

    /** Starts the scheduled prune when {@code prune_schedule} is configured (the bot only, not the shell); it runs while {@code leads}. */
    void startPruneSchedule(java.util.function.BooleanSupplier leads) {
        prune.startSchedule(news, leads);
    }

    /**
     * Who a list of urgent contacts is: users as they are, {@code group:<id>} as its members, read through the same
     * directory as the approvers (Lark's contact API, cached briefly); a group that cannot be read is left out and
     * logged: a buzz reaches whom it can.
     */
    private static List<String> people(com.larkops.release.Directory directory, List<String> who) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String w : who) {
            try {
                com.larkops.model.ApproverRef ref = com.larkops.model.ApproverRef.parse(w);
                out.addAll(ref.kind() == com.larkops.model.ApproverRef.Kind.USER ? java.util.Set.of(ref.id()) : directory.members(ref));
            } catch (RuntimeException e) {
                log.warn("urgent contacts: cannot read {}: {}", w, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** One round of the incident watch (prod health and drift), when {@code incidents.watch} is not 0. */
    void watchIncidents() {
        if (config.incidents().watching()) {
            watcher.check();
        }
    }

    public RuntimeReads runtime() {
        return engine.runtime;
    }

    /**
     * Settles releases a crash left half-done, and resumes soak watches; returns what to tell the chats. Run by
     * the replica that becomes leader: at start, or when it takes over from a leader that died.
     */
    List<Reconciler.Notice> recover() {
        List<Reconciler.Notice> notices = new java.util.ArrayList<>(settleOrphans());
        notices.addAll(release.reconciler.finishCards(r -> true));
        approvals.expireOverdue();
        approvals.settleAtStart().forEach(n -> notices.add(new Reconciler.Notice(n.chat(), n.message())));
        release.catchUpSoaks(true);
        return notices;
    }

    /**
     * The time-driven work, now rather than at its next tick: approvals past their TTL expire, due schedules run
     * and prod is watched (on the leader only, {@code leads}); soaks this process watches are checked.
     */
    void runDueWork(boolean leads) {
        if (leads) {
            approvals.expireOverdue();
        }
        release.soak.checkNow();
        if (leads) {
            schedules.tick();
            watchIncidents();
        }
    }

    /** Due schedules run, countdowns refresh (the bot's background work; see {@link #runDueWork}). */
    void runSchedules() {
        schedules.tick();
    }

    /**
     * On the leader, now and then: releases left in progress by a replica that died (its lock went stale) are
     * settled as a restart settles them; this process's own changes in flight are left alone.
     */
    List<Reconciler.Notice> settleOrphans() {
        return release.reconciler.reconcile(r -> !store.locks.heldHere(com.larkops.model.LockKey.of(r.service(), r.env())));
    }

    /** See {@link ReleaseParts#catchUpSoaks}. */
    void catchUpSoaks(boolean keepWatching) {
        release.catchUpSoaks(keepWatching);
    }

    /** After recovery settled a release: a hold on its service/env refers to what serves now. */
    void reheld(Reconciler.Settled settled) {
        settled.serving().ifPresent(digest -> store.guards.hold(settled.service(), settled.env())
                .filter(h -> !h.digest().equals(digest.value()))
                .ifPresent(h -> store.guards.hold(new com.larkops.pipeline.Hold(h.service(), h.env(), digest.value(), h.by(), h.since(),
                        h.reason()))));
    }

    /** See {@link ReleaseParts#followUp}. */
    void followUp(java.util.function.Consumer<Reconciler.Notice> tell) {
        release.followUp(tell);
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
            engine.runtime.ping();
            text.append("docker: ok\n");
        } catch (RuntimeException e) {
            ok = false;
            text.append("docker: engine not answering\n");
            log.warn("healthz: engine check failed: {}", e.getMessage());
        }
        return new HttpServer.HealthReport(ok, text.toString());
    }

    @Override
    public void close() {
        approvalWorker.shutdown();
        try {
            approvalWorker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        prune.close();
        if (poller != null) {
            poller.close();
        }
        skills.close();
        release.close();
        store.close();
        engine.close();
    }
}
