package com.larkops.app;

import com.lark.oapi.Client;
import com.lark.oapi.event.EventDispatcher;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandWorkers;
import com.larkops.command.Messenger;
import com.larkops.config.ConfigFile;
import com.larkops.config.EventMode;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.lark.CardActionReceiver;
import com.larkops.lark.EventGuard;
import com.larkops.lark.GuardedDispatcher;
import com.larkops.lark.LarkClients;
import com.larkops.lark.LarkMessenger;
import com.larkops.lark.LarkWebhook;
import com.larkops.lark.LongConnection;
import com.larkops.lark.MessageReceiver;
import com.larkops.store.AcceptedCommands;
import com.larkops.release.StepRecords;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;
import com.larkops.store.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The running bot: wires the store, the router, Lark and the HTTP edge, and takes them down again. */
public final class Bot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    private final Database db;
    private final Services services;
    private final CommandLanes workers;
    private final HttpServer http;
    private final LongConnection longConnection;
    private final ProcessedEvents processed;
    private final AcceptedCommands journal;
    private final int port;

    private final ScheduledExecutorService background;
    private final com.larkops.pipeline.RegistryEvents registryEvents;
    private final Leadership leadership;

    private Bot(Database db, Services services, CommandLanes workers, HttpServer http, ScheduledExecutorService background,
                LongConnection longConnection, ProcessedEvents processed, AcceptedCommands journal, int port,
                com.larkops.pipeline.RegistryEvents registryEvents, Leadership leadership) {
        this.leadership = leadership;
        this.processed = processed;
        this.journal = journal;
        this.registryEvents = registryEvents;
        this.background = background;
        this.db = db;
        this.services = services;
        this.workers = workers;
        this.http = http;
        this.longConnection = longConnection;
        this.port = port;
    }

    public static Bot start(Settings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** A bot reading the time from {@code clock} (the tests' settable clock); see {@link #runDueWork}. */
    public static Bot start(Settings settings, Clock clock) {
        LarkopsConfig config = ConfigFile.load(settings.configFile());
        if (settings.database().isEmpty()) {
            // the first thing a bot in a container meets (its image runs as uid 10001): say what to do, in one line
            Surroundings.dataDirProblem(settings.dataDir()).ifPresent(problem -> {
                throw new com.larkops.config.ConfigException(problem);
            });
        }
        Database db = Database.open(settings.dataDir(), settings.database());
        AuditLog audit = new AuditLog(db);
        ProcessedEvents processed = new ProcessedEvents(db, clock);
        processed.purgeExpired();
        Metrics metrics = new Metrics();
        Client client = LarkClients.create(settings.larkAppId(), settings.larkAppSecret().reveal(), settings.larkBaseUrl());
        // every button posted is recorded with its message: a click counts only for one of those, still shown
        com.larkops.lark.ButtonLedger buttons = new com.larkops.lark.ButtonLedger(new com.larkops.store.PostedActions(db, clock));
        Messenger messenger = new LarkMessenger(client, metrics, buttons, config.language());

        Services services = new Services(settings, config, db, audit, messenger, clock,
                new com.larkops.lark.LarkDirectory(client, metrics));

        // changes have their own lane: read-only traffic never makes a /rollback wait or "busy"
        // this process is alive for as long as it holds its life lock: replicas sharing the store leave its
        // journal rows alone, and report them only once it is gone
        services.store.locks.announceAlive();
        AcceptedCommands journal = new AcceptedCommands(db, services.store.locks.owner(), services.store.locks::isAlive);
        CommandLanes workers = new CommandLanes(new CommandWorkers(2, 16), new CommandWorkers(4, 32), 4);
        CommandRouter router = services.router(metrics, java.util.Optional.of(new Commands.Clicks(workers, messenger))).bindClicks(buttons);
        EventGuard guard = new EventGuard(settings.verificationToken().reveal(), processed, clock);
        EventDispatcher.Builder builder = EventDispatcher.newBuilder(settings.verificationToken().reveal(), settings.encryptKey().reveal())
                .onP2MessageReceiveV1(new MessageReceiver(router, workers, messenger, journal))
                .onP2CardActionTrigger(new CardActionReceiver(router, buttons))
                .onP2BotMenuV6(new com.larkops.lark.MenuReceiver(new Menu(services.config, router, messenger, services.engine.registry,
                        services.store.releases), workers));
        // Lark's Approval app (approvals.prod.mode: lark-approval): requests become instances; its task events decide them
        services.approvals.useApprovalApp(new com.larkops.lark.LarkApprovalApp(client, metrics, config.language()));
        com.larkops.lark.ApprovalTaskReceiver approvalTasks = new com.larkops.lark.ApprovalTaskReceiver(router, services.approvals,
                messenger, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "approval-tasks");
                    t.setDaemon(true);
                    return t;
                }));
        GuardedDispatcher dispatcher = new GuardedDispatcher(builder, guard).onApprovalTask(approvalTasks);
        LarkWebhook webhook = new LarkWebhook(dispatcher, settings.encryptKey().reveal(), metrics);
        HttpServer http = new HttpServer(webhook, services::health, metrics, settings.metrics());
        com.larkops.pipeline.RegistryEvents registryEvents = registryEvents(settings, http,
                new com.larkops.store.AcceptedPushes(db, clock), services.follower, clock);
        java.util.function.Consumer<com.larkops.release.Reconciler.Notice> tell = notice -> {
            // the change's own card reaches its final state, as its dead bot would have left it; holds follow what serves
            notice.settled().ifPresent(settled -> {
                settled.cardMessage().ifPresent(m -> runQuietly("finish the card of release " + settled.releaseId(),
                        () -> messenger.updateCard(m, settled.card())));
                runQuietly("update the hold of " + settled.service(), () -> services.reheld(settled));
            });
            if (!notice.chat().isBlank() && !notice.chat().equals("shell")) {
                messenger.send(notice.chat(), com.larkops.command.Reply.ok(notice.message()));
            }
        };
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "housekeeping");
            t.setDaemon(true);
            return t;
        });
        // what a restart does, done by whichever replica becomes leader (at start, or when the leader died)
        Runnable takeOver = () -> {
            services.recover().forEach(tell);
            if (registryEvents != null) {
                // registry pushes acknowledged before a crash and never acted on: the registry will not send them again
                runQuietly("replay registry pushes", registryEvents::replayUnfinished);
            }
            // commands acknowledged to Lark (so never re-delivered) that a crash kept from running or finishing
            reportUnfinished(journal, messenger, audit);
        };
        java.util.concurrent.atomic.AtomicBoolean serving = new java.util.concurrent.atomic.AtomicBoolean();
        Leadership leadership = new Leadership(db.shared() ? java.util.Optional.of(new com.larkops.store.Leases(db)) : java.util.Optional.empty(),
                services.store.locks.owner(), services.store.locks.process(), settings.leaderLease(),
                () -> {
                    if (serving.get()) {
                        background.execute(() -> runQuietly("take over as leader", takeOver));
                    } else {
                        takeOver.run(); // a lone bot settles what a crash left before it serves, as it always did
                    }
                }).start();
        serving.set(true);
        metrics.leader(leadership::leads);
        leaderOnly(background, leadership, "expire approvals", services.approvals::expireOverdue, 15, TimeUnit.SECONDS);
        // a replica that died mid-change: its release is settled, its unfinished commands reported, by the leader
        leaderOnly(background, leadership, "settle releases of stopped replicas", () -> services.settleOrphans().forEach(tell),
                Math.max(1, settings.leaderLease().toSeconds()), TimeUnit.SECONDS);
        leaderOnly(background, leadership, "report commands of stopped replicas", () -> reportUnfinished(journal, messenger, audit), 60, TimeUnit.SECONDS);
        // scheduled changes: due ones run, countdowns refresh (a card changes at most every few minutes, each minute in the last hour)
        leaderOnly(background, leadership, "run due schedules", services::runSchedules, 20, TimeUnit.SECONDS);
        leaderOnly(background, leadership, "purge event ids", processed::purgeExpired, 1, TimeUnit.HOURS);
        leaderOnly(background, leadership, "purge posted buttons", () -> buttons.purgeExpired(clock), 1, TimeUnit.HOURS);
        services.startPruneSchedule(leadership::leads);
        if (config.incidents().watching()) {
            // prod health and drift: one watcher at a time, the leader's
            leaderOnly(background, leadership, "watch prod for incidents and drift", services::watchIncidents,
                    config.incidents().watch().toMillis(), TimeUnit.MILLISECONDS);
        }
        services.startFollowPoll(leadership::leads);
        services.followUp(tell);
        int port = http.start(settings.port());
        // websocket mode: events come over the long connection; the webhook stays served (signed events only)
        LongConnection longConnection = settings.eventMode() == EventMode.WEBSOCKET
                ? LongConnection.start(settings.larkAppId(), settings.larkAppSecret().reveal(), settings.larkBaseUrl(),
                GuardedDispatcher.forLongConnection(builder, guard, metrics).onApprovalTask(approvalTasks))
                : null;
        log.info("larkops listening on port {} (events by {}, config {}, data {})", port,
                settings.eventMode().name().toLowerCase(), settings.configFile(), db.where());
        return new Bot(db, services, workers, http, background, longConnection, processed, journal, port, registryEvents, leadership);
    }

    /**
     * The registry endpoints whose tokens are set, all feeding one worker: Distribution's notifications and the
     * Harbor, TCR and ACR push webhooks. None set: no endpoint, no worker (null).
     */
    private static com.larkops.pipeline.RegistryEvents registryEvents(Settings settings, HttpServer http,
                                                                       com.larkops.pipeline.PushJournal journal,
                                                                       com.larkops.pipeline.Follower follower, Clock clock) {
        Settings.PushTokens tokens = settings.pushTokens();
        java.util.Map<com.larkops.pipeline.PushWebhook, com.larkops.config.Secret> webhooks = new java.util.EnumMap<>(
                com.larkops.pipeline.PushWebhook.class);
        webhooks.put(com.larkops.pipeline.PushWebhook.HARBOR, tokens.harbor());
        webhooks.put(com.larkops.pipeline.PushWebhook.TCR, tokens.tcr());
        webhooks.put(com.larkops.pipeline.PushWebhook.ACR, tokens.acr());
        webhooks.values().removeIf(com.larkops.config.Secret::isEmpty);
        if (settings.registryEventsToken().isEmpty() && webhooks.isEmpty()) {
            return null;
        }
        com.larkops.pipeline.RegistryEvents events = new com.larkops.pipeline.RegistryEvents(journal, follower, clock);
        if (!settings.registryEventsToken().isEmpty()) {
            http.registryEvents("/registry/events", events.distribution(settings.registryEventsToken()));
        }
        webhooks.forEach((kind, token) -> http.registryEvents(kind.path(), events.webhook(kind, token)));
        return events;
    }

    /** Tells each chat about its commands that a stopped process never ran or finished; one failed reply stops no other. */
    /**
     * Tells each command a crash kept from finishing, as a reply to it; one whose change card was already posted
     * is not: that card is its one reply, and recovery brings it to its final state.
     */
    private static void reportUnfinished(AcceptedCommands journal, Messenger messenger, StepRecords cards) {
        journal.takeUnfinished().stream().filter(u -> !cards.answeredByACard(u.messageId()))
                .forEach(u -> runQuietly("report an unfinished command",
                        () -> messenger.reply(u.messageId(), com.larkops.command.Reply.error(notice(u)))));
    }

    /** What to tell the chat about a command a stopped process never ran, or never finished. */
    static com.larkops.i18n.Text notice(com.larkops.command.CommandJournal.Unfinished u) {
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC)
                .format(u.acceptedAt());
        return com.larkops.i18n.Msg.of(u.started() ? "app.unfinished.interrupted" : "app.unfinished.not_run",
                com.larkops.model.Text.clip(u.text()), at);
    }

    /** Runs {@code task} every {@code every} on {@code background}, on the replica that leads at that moment only. */
    private static void leaderOnly(ScheduledExecutorService background, Leadership leadership, String what, Runnable task,
                                   long every, TimeUnit unit) {
        background.scheduleWithFixedDelay(() -> {
            if (leadership.leads()) {
                runQuietly(what, task);
            }
        }, every, every, unit);
    }

    private static void runQuietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", what, e.getMessage());
        }
    }

    public int port() {
        return port;
    }

    /**
     * Runs the periodic time-driven work now (approval expiry, soak checks) and returns when it is done: after
     * its clock jumped, a bot need not wait for the next tick of its timers.
     */
    public void runDueWork() {
        services.runDueWork(leadership.leads());
    }

    /** Whether this replica runs the background work now (holds the leader lease; a SQLite bot always does). */
    public boolean leads() {
        return leadership.leads();
    }

    /** True when every command accepted so far has finished and sent its replies. */
    public boolean idle() {
        return workers.idle();
    }

    /**
     * Graceful stop (SIGTERM from the engine, e.g. when a newer bot took over): stop taking events first
     * (Lark re-delivers what gets no 2xx, to whichever bot then answers), then finish every queued command
     * and send its reply, then close the engine client and the store.
     */
    @Override
    public void close() {
        background.shutdownNow();
        leadership.close(); // the next replica leads at its next ask, not after the lease runs out
        if (longConnection != null) {
            longConnection.close();
        }
        log.info("stopping: no new events; draining queued commands");
        http.stop();
        if (registryEvents != null) {
            registryEvents.close();
        }
        workers.close();
        journal.close(); // the finished commands' notes, written before the store closes
        services.close();
        db.close();
    }
}
