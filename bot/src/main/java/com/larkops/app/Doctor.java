package com.larkops.app;

import com.larkops.config.ConfigException;
import com.larkops.config.ConfigFile;
import com.larkops.config.EventMode;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.config.Settings;
import com.larkops.lark.LarkProbe;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.runtime.DockerRuntime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar larkops-bot.jar doctor}: is this machine ready to serve? One line per check, ✓ or ✗
 * and what to do; exit 0 only when every check passes. Read-only: it creates nothing (the network is
 * only looked up; the first deploy's plan creates it) and sends no chat message.
 */
public final class Doctor {
    /** One line of the report. */
    record Check(boolean ok, String what, String detail) {
        String line() {
            return (ok ? "✓ " : "✗ ") + what + ": " + detail;
        }
    }

    private final List<Check> checks = new ArrayList<>();

    private Doctor() {
    }

    public static int run(Map<String, String> env, PrintStream out) {
        Doctor d = new Doctor();
        d.examine(env);
        d.checks.forEach(c -> out.println(c.line()));
        long failed = d.checks.stream().filter(c -> !c.ok()).count();
        out.println(failed == 0 ? "all " + d.checks.size() + " checks passed" : failed + " of " + d.checks.size() + " checks failed");
        return failed == 0 ? 0 : 1;
    }

    private void examine(Map<String, String> env) {
        Settings settings;
        try {
            settings = Settings.forShell(env);
        } catch (ConfigException e) {
            fail("settings", e.getMessage());
            return; // nothing below can be located without them
        }
        LarkopsConfig config = config(settings, env);
        dataDir(settings.dataDir());
        if (config != null) {
            envFiles(config);
        }
        settings.database().ifPresent(this::database);
        DockerRuntime engine = engine(settings.dockerHost());
        if (config != null) {
            network(engine, config.network());
            registry(settings, config);
            managedBotRegistry(settings, config);
        } else {
            fail("network", "not checked: the config file is not valid");
            fail("registry", "not checked: the config file is not valid");
        }
        if (engine != null) {
            engine.close();
        }
        lark(settings, config);
    }

    private LarkopsConfig config(Settings settings, Map<String, String> env) {
        try {
            Settings.forServer(env); // every Lark variable the bot needs to serve
            LarkopsConfig config = ConfigFile.load(settings.configFile());
            pass("config", settings.configFile() + " is valid (" + config.services().size() + " service(s)); "
                    + "the environment has every Lark setting");
            return config;
        } catch (ConfigException e) {
            fail("config", e.getMessage());
            try {
                return ConfigFile.load(settings.configFile()); // the file may be fine even when the environment is not
            } catch (ConfigException again) {
                return null;
            }
        }
    }

    private void dataDir(Path dir) {
        Surroundings.dataDirProblem(dir).ifPresentOrElse(problem -> fail("data dir", problem),
                () -> pass("data dir", dir.toAbsolutePath() + " is writable"));
    }

    /** Each service's env file: the bot reads it in its own filesystem when it creates the container. */
    private void envFiles(LarkopsConfig config) {
        for (ServiceConfig s : config.services().values()) {
            if (s.envFile().isPresent()) {
                Surroundings.envFileProblem(s).ifPresentOrElse(problem -> fail("env file " + s.name(), problem),
                        () -> pass("env file " + s.name(), s.envFile().get() + " is readable"));
            }
        }
    }

    /** LARKOPS_DATABASE_URL: the shared store answers and its schema is migrated (what the bot does at start). */
    private void database(com.larkops.config.DatabaseUrl url) {
        try (com.larkops.store.Database db = com.larkops.store.Database.open(url)) {
            db.ping();
            pass("database", url.describe() + " answers; schema up to date");
        } catch (RuntimeException e) {
            fail("database", e.getMessage());
        }
    }

    private DockerRuntime engine(String dockerHost) {
        DockerRuntime engine = null;
        try {
            engine = new DockerRuntime(dockerHost);
            engine.ping();
            pass("engine", dockerHost + " answers, Docker " + engine.engineVersion());
            return engine;
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            // a socket that is there but closed to this user: say whose group opens it (a missing one: the engine is down)
            java.util.Optional<String> socket = Surroundings.socketProblem(dockerHost).filter(p -> !p.contains("does not exist"));
            if (socket.isPresent()) {
                fail("engine", socket.get());
                return null;
            }
            boolean denied = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("permission denied");
            fail("engine", e.getMessage() + (denied
                    ? " — run as root, or add this user to the docker group (sudo usermod -aG docker $USER, then log in again)"
                    : " — start it (deploy/setup try does), or point DOCKER_HOST at a running engine"));
            return null;
        }
    }

    private void network(DockerRuntime engine, String network) {
        if (engine == null) {
            fail("network", "not checked: the engine does not answer");
            return;
        }
        try {
            pass("network", engine.networkExists(network) ? network + " exists"
                    : network + " does not exist yet; the first deploy creates it");
        } catch (RuntimeException e) {
            fail("network", "cannot look up " + network + ": " + e.getMessage());
        }
    }

    private void registry(Settings settings, LarkopsConfig config) {
        RegistryCredentials creds = settings.registryUsername().isBlank() ? RegistryCredentials.none()
                : RegistryCredentials.of(settings.registryUsername(), settings.registryPassword().reveal());
        RegistryClient registry = new RegistryClient(config.registry(), creds, config.registryInsecure());
        try {
            registry.ping();
            pass("registry", config.registry() + " answers" + (creds.isPresent() ? " and accepts the login" : ""));
        } catch (RuntimeException e) {
            fail("registry", Surroundings.loopback(config.registry()) && Surroundings.inContainer()
                    ? Surroundings.loopbackLine(config.registry()) + " (" + e.getMessage() + ")" : e.getMessage());
            return;
        }
        for (ServiceConfig s : config.services().values()) {
            String what = "registry " + s.repository();
            try {
                int tags = registry.listTags(s.repository()).size();
                if (tags == 0) {
                    fail(what, "no tags (or no such repository); push an image, or fix services." + s.name() + ".repository");
                } else {
                    pass(what, tags + " tag(s) listed for service " + s.name());
                }
            } catch (RuntimeException e) {
                fail(what, e.getMessage());
            }
        }
    }

    /**
     * A service that mounts the engine socket is a bot larkops deploys: its container is on larkops' network,
     * where a loopback registry is the container itself, however well this process reaches it.
     */
    private void managedBotRegistry(Settings settings, LarkopsConfig config) {
        Surroundings.managedBot(config, settings.dockerHost()).filter(s -> Surroundings.loopback(config.registry()))
                .ifPresent(s -> fail("registry for " + s.name(), Surroundings.loopbackLine(config.registry())
                        + " (service " + s.name() + " mounts the engine socket: a bot larkops runs in a container)"));
    }

    private void lark(Settings settings, LarkopsConfig config) {
        if (!settings.hasLarkCredentials()) {
            fail("lark", "LARK_APP_ID and LARK_APP_SECRET are not set (in the environment or .env)");
            return;
        }
        LarkProbe lark = new LarkProbe(settings.larkBaseUrl(), settings.larkAppId(), settings.larkAppSecret().reveal());
        String token;
        try {
            LarkProbe.Answer a = lark.tenantToken();
            token = a.body().path("tenant_access_token").asText("");
            if (!a.ok() || token.isBlank()) {
                fail("lark", settings.larkBaseUrl() + " refused app " + settings.larkAppId() + ": " + a.problem()
                        + "; check LARK_APP_ID and LARK_APP_SECRET in the developer console");
                return;
            }
            pass("lark", "app " + settings.larkAppId() + " got a tenant token from " + settings.larkBaseUrl());
        } catch (IOException e) {
            fail("lark", settings.larkBaseUrl() + " unreachable: " + e.getMessage() + "; check LARK_BASE_URL and the network");
            return;
        }
        if (config != null) {
            chats(lark, token, config.chats());
            approvers(lark, token, config);
        }
        eventMode(lark, settings);
    }

    private void chats(LarkProbe lark, String token, List<String> chats) {
        if (chats.isEmpty()) {
            pass("chats", "none configured: the bot obeys any chat it is in");
        }
        for (String chat : chats) {
            try {
                LarkProbe.Answer a = lark.isInChat(token, chat);
                if (!a.ok()) {
                    fail("chat " + chat, "cannot check membership: " + a.problem()
                            + "; the app needs the im:chat:readonly permission, and the id must be right");
                } else if (a.body().path("data").path("is_in_chat").asBoolean(false)) {
                    pass("chat " + chat, "the bot is a member");
                } else {
                    fail("chat " + chat, "the bot is not a member; add it in the chat's settings (Bots > Add bot)");
                }
            } catch (IOException e) {
                fail("chat " + chat, "unreachable: " + e.getMessage());
            }
        }
    }

    /** Each group or department of {@code approvals.prod.approvers}: can Lark's contact API say who is in it? */
    private void approvers(LarkProbe lark, String token, LarkopsConfig config) {
        for (com.larkops.model.ApproverRef ref : config.prodApprovals().approvers()) {
            if (ref.isUser()) {
                continue;
            }
            String name = "approvers " + ref;
            try {
                LarkProbe.Answer a = lark.approverMembers(token, ref);
                if (!a.ok()) {
                    fail(name, "cannot list its members: " + a.problem() + "; the app needs "
                            + (ref.kind() == com.larkops.model.ApproverRef.Kind.GROUP ? "contact:group:readonly" : "contact access to that department")
                            + ", and the id must be right (its members could not approve)");
                    continue;
                }
                com.fasterxml.jackson.databind.JsonNode data = a.body().path("data");
                int n = (ref.kind() == com.larkops.model.ApproverRef.Kind.GROUP ? data.path("memberlist") : data.path("items")).size();
                pass(name, n + " user(s)" + (data.path("has_more").asBoolean(false) ? " on the first page, more after" : ""));
            } catch (IOException e) {
                fail(name, "unreachable: " + e.getMessage());
            }
        }
    }

    private void eventMode(LarkProbe lark, Settings settings) {
        if (settings.eventMode() == EventMode.WEBHOOK) {
            pass("events", "webhook: in the developer console, point the request URL and card callbacks at "
                    + "https://<this host>/lark/events (port " + settings.port() + " behind TLS)");
            return;
        }
        try {
            LarkProbe.Answer a = lark.longConnectionEndpoint();
            String url = a.body().path("data").path("URL").asText("");
            if (a.ok() && !url.isBlank()) {
                pass("events", "websocket: Lark granted a long-connection endpoint");
            } else {
                fail("events", "websocket: no long-connection endpoint (" + a.problem()
                        + "); enable the persistent connection under Events & Callbacks");
            }
        } catch (IOException e) {
            fail("events", "websocket: " + settings.larkBaseUrl() + " unreachable: " + e.getMessage());
        }
    }

    private void pass(String what, String detail) {
        checks.add(new Check(true, what, detail));
    }

    private void fail(String what, String detail) {
        checks.add(new Check(false, what, detail));
    }
}
