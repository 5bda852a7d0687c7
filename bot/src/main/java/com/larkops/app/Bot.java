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

    private Bot(Database db, Services services, CommandLanes workers, HttpServer http, ScheduledExecutorService background,
                LongConnection longConnection, ProcessedEvents processed, AcceptedCommands journal, int port,
                com.larkops.pipeline.RegistryEvents registryEvents) {
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
        Messenger messenger = new LarkMessenger(client, metrics, buttons);

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
                .onP2CardActionTrigger(new CardActionReceiver(router, buttons));
        // Lark's Approval app (approvals.prod.mode: lark-approval): requests become instances; its task events decide them
        services.approvals.useApprovalApp(new com.larkops.lark.LarkApprovalApp(client, metrics));
        com.larkops.lark.ApprovalTaskReceiver approvalTasks = new com.larkops.lark.ApprovalTaskReceiver(router, services.approvals,
                messenger, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "approval-tasks");
                    t.setDaemon(true);
                    return t;
                }));
        GuardedDispatcher dispatcher = new GuardedDispatcher(builder, guard).onApprovalTask(approvalTasks);
        LarkWebhook webhook = new LarkWebhook(dispatcher, settings.encryptKey().reveal(), metrics);
        HttpServer http = new HttpServer(webhook, services::health, metrics, settings.metrics());
        com.larkops.pipeline.RegistryEvents registryEvents = settings.registryEventsToken().isEmpty() ? null
                : new com.larkops.pipeline.RegistryEvents(settings.registryEventsToken(),
                new com.larkops.store.AcceptedPushes(db, clock), services.follower, clock);
        if (registryEvents != null) {
            http.registryEvents(registryEvents);
        }
        java.util.function.Consumer<com.larkops.release.Reconciler.Notice> tell = notice -> {
            // the change's own card reaches its final state, as its dead bot would have left it; holds follow what serves
            notice.settled().ifPresent(settled -> {
                settled.cardMessage().ifPresent(m -> runQuietly("finish the card of release " + settled.releaseId(),
                        () -> messenger.updateCard(m, settled.card())));
                runQuietly("update the hold of " + settled.service(), () -> services.reheld(settled));
            });
            if (!notice.chat().isBlank() && !notice.chat().equals("shell")) {
                messenger.send(notice.chat(), com.larkops.command.Reply.ok(notice.text()));
            }
        };
        services.recover().forEach(tell);
        if (registryEvents != null) {
            // registry pushes acknowledged before a crash and never acted on: the registry will not send them again
            runQuietly("replay registry pushes", registryEvents::replayUnfinished);
        }
        // commands acknowledged to Lark (so never re-delivered) that a crash kept from running or finishing
        reportUnfinished(journal, messenger);
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "housekeeping");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(() -> runQuietly("expire approvals", services.approvals::expireOverdue), 15, 15, TimeUnit.SECONDS);
        // a replica that died and never came back: its unfinished commands are reported by whoever is left
        background.scheduleWithFixedDelay(() -> runQuietly("report commands of stopped replicas",
                () -> reportUnfinished(journal, messenger)), 60, 60, TimeUnit.SECONDS);
        // scheduled changes: due ones run, countdowns refresh (a card changes at most every few minutes, each minute in the last hour)
        background.scheduleWithFixedDelay(() -> runQuietly("run due schedules", services::runSchedules), 20, 20, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(() -> runQuietly("purge event ids", processed::purgeExpired), 1, 1, TimeUnit.HOURS);
        background.scheduleWithFixedDelay(() -> runQuietly("purge posted buttons", () -> buttons.purgeExpired(clock)), 1, 1, TimeUnit.HOURS);
        services.startPruneSchedule(messenger);
        services.startFollowPoll();
        services.followUp(tell);
        int port = http.start(settings.port());
        // websocket mode: events come over the long connection; the webhook stays served (signed events only)
        LongConnection longConnection = settings.eventMode() == EventMode.WEBSOCKET
                ? LongConnection.start(settings.larkAppId(), settings.larkAppSecret().reveal(), settings.larkBaseUrl(),
                GuardedDispatcher.forLongConnection(builder, guard, metrics).onApprovalTask(approvalTasks))
                : null;
        log.info("larkops listening on port {} (events by {}, config {}, data {})", port,
                settings.eventMode().name().toLowerCase(), settings.configFile(), db.where());
        return new Bot(db, services, workers, http, background, longConnection, processed, journal, port, registryEvents);
    }

    /** Tells each chat about its commands that a stopped process never ran or finished; one failed reply stops no other. */
    private static void reportUnfinished(AcceptedCommands journal, Messenger messenger) {
        journal.takeUnfinished().forEach(u -> runQuietly("report an unfinished command",
                () -> messenger.reply(u.messageId(), com.larkops.command.Reply.error(u.notice()))));
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
        services.runDueWork();
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
