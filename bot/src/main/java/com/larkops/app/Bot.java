package com.larkops.app;

import com.lark.oapi.Client;
import com.lark.oapi.event.EventDispatcher;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandWorkers;
import com.larkops.command.Messenger;
import com.larkops.command.Policy;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.lark.EventGuard;
import com.larkops.lark.GuardedDispatcher;
import com.larkops.lark.LarkClients;
import com.larkops.lark.LarkMessenger;
import com.larkops.lark.LarkWebhook;
import com.larkops.lark.MessageReceiver;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;
import com.larkops.store.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The running bot: wires the store, the router, Lark and the HTTP edge, and takes them down again. */
public final class Bot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    private final Database db;
    private final Services services;
    private final CommandWorkers workers;
    private final HttpServer http;
    private final int port;

    private Bot(Database db, Services services, CommandWorkers workers, HttpServer http, int port) {
        this.db = db;
        this.services = services;
        this.workers = workers;
        this.http = http;
        this.port = port;
    }

    public static Bot start(Settings settings) {
        LarkopsConfig config = ConfigFile.load(settings.configFile());
        Clock clock = Clock.systemUTC();
        Database db = Database.open(settings.dataDir());
        AuditLog audit = new AuditLog(db);
        ProcessedEvents processed = new ProcessedEvents(db, clock);
        processed.purgeExpired();
        Metrics metrics = new Metrics();
        Client client = LarkClients.create(settings.larkAppId(), settings.larkAppSecret().reveal(), settings.larkBaseUrl());
        Messenger messenger = new LarkMessenger(client);

        Services services = new Services(settings, config, db, audit, clock);
        CommandRouter router = new CommandRouter(new Policy(config.chats(), config.deployers(), config.approvers()),
                audit, metrics, clock);
        Commands.registerAll(router, services);

        CommandWorkers workers = new CommandWorkers(4, 32);
        EventGuard guard = new EventGuard(settings.verificationToken().reveal(), processed, clock);
        EventDispatcher.Builder builder = EventDispatcher.newBuilder(settings.verificationToken().reveal(), settings.encryptKey().reveal())
                .onP2MessageReceiveV1(new MessageReceiver(router, workers, messenger));
        GuardedDispatcher dispatcher = new GuardedDispatcher(builder, guard);
        LarkWebhook webhook = new LarkWebhook(dispatcher, settings.encryptKey().reveal(), metrics);
        HttpServer http = new HttpServer(webhook, services::health, metrics);
        for (var notice : services.recover()) {
            if (!notice.chat().isBlank() && !notice.chat().equals("shell")) {
                messenger.send(notice.chat(), com.larkops.command.Reply.ok(notice.text()));
            }
        }
        services.followUp(notice -> {
            if (!notice.chat().isBlank() && !notice.chat().equals("shell")) {
                messenger.send(notice.chat(), com.larkops.command.Reply.ok(notice.text()));
            }
        });
        int port = http.start(settings.port());
        log.info("larkops listening on port {} (config {}, data {})", port, settings.configFile(), db.file());
        return new Bot(db, services, workers, http, port);
    }

    public int port() {
        return port;
    }

    /**
     * Graceful stop (SIGTERM from the engine, e.g. when a newer bot took over): stop taking events first
     * (Lark re-delivers what gets no 2xx, to whichever bot then answers), then finish every queued command
     * and send its reply, then close the engine client and the store.
     */
    @Override
    public void close() {
        log.info("stopping: no new events; draining queued commands");
        http.stop();
        workers.close();
        services.close();
        db.close();
    }
}
