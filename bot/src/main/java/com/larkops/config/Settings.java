package com.larkops.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment contract of the bot (see README / .env.example). Process environment wins over a
 * {@code .env} file in the working directory. Validated once, at start.
 */
public record Settings(String larkAppId, Secret larkAppSecret, Secret verificationToken, Secret encryptKey,
                       String larkBaseUrl, int port, Path dataDir, Path configFile, String dockerHost,
                       String registryUsername, Secret registryPassword, EventMode eventMode,
                       Secret registryEventsToken, Optional<MetricsListen> metrics, Optional<DatabaseUrl> database,
                       java.time.Duration leaderLease) {

    /** {@code LARKOPS_METRICS_PORT} (+ {@code LARKOPS_METRICS_BIND}): /metrics on its own listener, off the public port. */
    public record MetricsListen(String bind, int port) {
    }

    public static final String DEFAULT_BASE_URL = "https://open.feishu.cn";

    /** Settings for serving Lark: every Lark variable is required. */
    public static Settings forServer(Map<String, String> env) {
        Settings s = common(env);
        s.requireLark();
        return s;
    }

    /** Settings for the shell ({@code run …}) and try-it modes: Lark credentials are optional. */
    public static Settings forShell(Map<String, String> env) {
        return common(env);
    }

    /** The process environment with a {@code .env} file from {@code workDir} underneath it. */
    public static Map<String, String> environment(Path workDir) {
        Map<String, String> merged = new HashMap<>(DotEnv.read(workDir.resolve(".env")));
        merged.putAll(System.getenv());
        return merged;
    }

    private static Settings common(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("LARK_APP_ID", ""),
                Secret.of(env.get("LARK_APP_SECRET")),
                Secret.of(env.get("LARK_VERIFICATION_TOKEN")),
                Secret.of(env.get("LARK_ENCRYPT_KEY")),
                url(env.getOrDefault("LARK_BASE_URL", DEFAULT_BASE_URL)),
                port(env.getOrDefault("LARKOPS_PORT", "8080")),
                Path.of(env.getOrDefault("LARKOPS_DATA_DIR", "./data")),
                Path.of(env.getOrDefault("LARKOPS_CONFIG", "./larkops.yaml")),
                env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
                env.getOrDefault("LARKOPS_REGISTRY_USERNAME", ""),
                Secret.of(env.get("LARKOPS_REGISTRY_PASSWORD")),
                EventMode.parse(env.getOrDefault("LARK_EVENT_MODE", "webhook")),
                registryEventsToken(env.get("LARKOPS_REGISTRY_EVENTS_TOKEN")),
                metrics(env),
                DatabaseUrl.parse(env.get("LARKOPS_DATABASE_URL")),
                leaderLease(env.getOrDefault("LARKOPS_LEADER_LEASE", "15s")));
    }

    /** {@code LARKOPS_LEADER_LEASE}: how long a dead leader's lease keeps the background work before another replica takes it. */
    private static java.time.Duration leaderLease(String text) {
        java.time.Duration lease;
        try {
            lease = com.larkops.model.DurationText.parse(text.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("LARKOPS_LEADER_LEASE is '" + text + "': expected a duration such as 15s");
        }
        if (lease.compareTo(java.time.Duration.ofSeconds(1)) < 0 || lease.compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("LARKOPS_LEADER_LEASE is '" + text + "': expected 1s to 10m");
        }
        return lease;
    }

    public boolean hasLarkCredentials() {
        return !larkAppId.isBlank() && !larkAppSecret.isEmpty();
    }

    private void requireLark() {
        require("LARK_APP_ID", larkAppId.isBlank(), "the Lark app id (cli_…) from the developer console");
        require("LARK_APP_SECRET", larkAppSecret.isEmpty(), "the Lark app secret from the developer console");
        require("LARK_VERIFICATION_TOKEN", verificationToken.isEmpty(), "the Verification Token from Events & Callbacks > Encryption Strategy");
        require("LARK_ENCRYPT_KEY", encryptKey.isEmpty(), "the Encrypt Key from Events & Callbacks > Encryption Strategy; without it no signature can be checked");
    }

    private static void require(String key, boolean missing, String expected) {
        if (missing) {
            throw new ConfigException(key + " is not set: expected " + expected);
        }
    }

    /** Unset = the registry endpoint is off; a set token must be long enough not to be guessed. */
    private static Secret registryEventsToken(String text) {
        Secret token = Secret.of(text);
        if (!token.isEmpty() && token.reveal().length() < 16) {
            throw new ConfigException("LARKOPS_REGISTRY_EVENTS_TOKEN is too short: expected at least 16 characters (e.g. openssl rand -hex 24)");
        }
        return token;
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ConfigException("LARKOPS_PORT is '" + text + "': expected a port number 0-65535");
    }

    private static Optional<MetricsListen> metrics(Map<String, String> env) {
        String port = env.getOrDefault("LARKOPS_METRICS_PORT", "").trim();
        String bind = env.getOrDefault("LARKOPS_METRICS_BIND", "127.0.0.1").trim();
        if (port.isEmpty()) {
            if (env.containsKey("LARKOPS_METRICS_BIND")) {
                throw new ConfigException("LARKOPS_METRICS_BIND is set but LARKOPS_METRICS_PORT is not: set the port too");
            }
            return Optional.empty();
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new ConfigException("LARKOPS_METRICS_PORT is '" + port + "': expected a port number 1-65535");
        }
        if (!bind.matches("[0-9.]+|[0-9a-fA-F:]+|localhost")) {
            throw new ConfigException("LARKOPS_METRICS_BIND is '" + bind + "': expected an IP address such as 127.0.0.1");
        }
        return Optional.of(new MetricsListen(bind, p));
    }

    private static String url(String text) {
        String t = text.trim();
        if (!t.startsWith("http://") && !t.startsWith("https://")) {
            throw new ConfigException("LARK_BASE_URL is '" + t + "': expected an http:// or https:// URL");
        }
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
}
