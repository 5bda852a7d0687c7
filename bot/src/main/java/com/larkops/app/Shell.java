package com.larkops.app;

import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.lark.LarkClients;
import com.larkops.lark.LarkMessenger;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar larkops-bot.jar run /digest all}: one command from the shell, through the same
 * parser, authorisation, executor, locks and audit log as chat, as {@code os:<user>}. Needs no Lark and
 * never opens the bot's port. Exit 0 on success, 1 on refusal or failure, 2 on bad usage.
 */
public final class Shell {
    private Shell() {
    }

    /** {@code words}: the command as the operator typed it after {@code run}, at least one word ({@code com.larkops.Main} checks). */
    public static int run(List<String> words, Map<String, String> env) {
        // a terminal wants the answer, not the bot's operational log lines
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String text = String.join(" ", words);
        if (!text.startsWith("/")) {
            text = "/" + text;
        }
        Settings settings = Settings.forShell(env);
        LarkopsConfig config = ConfigFile.load(settings.configFile());
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(settings.dataDir(), settings.database())) {
            AuditLog audit = new AuditLog(db);
            Messenger messenger = settings.hasLarkCredentials()
                    ? new LarkMessenger(LarkClients.create(settings.larkAppId(), settings.larkAppSecret().reveal(), settings.larkBaseUrl()),
                    LarkMessenger.CallCounter.NONE, new com.larkops.lark.ButtonLedger(new com.larkops.store.PostedActions(db, clock)),
                    config.language())
                    : Messenger.UNREACHABLE;
            try (Services services = new Services(settings, config, db, audit, messenger, clock)) {
                CommandRouter router = services.router(com.larkops.command.CommandObserver.NONE);
                services.catchUpSoaks(false);
                Reply reply = router.route(Caller.shell(osUser()), text, line -> System.err.println("… " + line));
                (reply.succeeded() ? System.out : System.err).println(com.larkops.model.Text.plain(reply.text(config.language())));
                return switch (reply.outcome()) {
                    case OK -> 0;
                    case USAGE -> 2;
                    default -> 1;
                };
            }
        }
    }

    static String osUser() {
        String user = System.getenv("SUDO_USER");
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name", "unknown");
        }
        return user;
    }
}
