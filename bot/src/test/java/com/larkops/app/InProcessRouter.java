package com.larkops.app;

import com.larkops.command.Caller;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;

import java.time.Clock;
import java.util.Map;

/**
 * The objects {@link Shell} builds for one command, kept open so a benchmark can route many commands in
 * process: parser, policy, handler, engine, store and audit, without Lark or the webhook in the way.
 */
public final class InProcessRouter implements AutoCloseable {
    private final Database db;
    private final Services services;
    private final CommandRouter router;

    public InProcessRouter(Map<String, String> env) {
        Settings settings = Settings.forShell(env);
        LarkopsConfig config = ConfigFile.load(settings.configFile());
        Clock clock = Clock.systemUTC();
        this.db = Database.open(settings.dataDir(), settings.database());
        AuditLog audit = new AuditLog(db);
        this.services = new Services(settings, config, db, audit, Messenger.UNREACHABLE, clock);
        this.router = services.router(CommandObserver.NONE);
    }

    public Reply route(String user, String text) {
        return router.route(Caller.shell(user), text, line -> { });
    }

    /** What the bot does at start before it serves: settle releases a crash left in progress; the chats' notices. */
    public java.util.List<com.larkops.release.Reconciler.Notice> recover() {
        return services.recover();
    }

    @Override
    public void close() {
        services.close();
        db.close();
    }
}
