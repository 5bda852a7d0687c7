package com.larkops.testing;

import com.larkops.app.Bot;
import com.larkops.config.Settings;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real bot on port 0 with its own data dir and config, talking to a {@link FakeLark}. Each harness
 * uses its own Lark app id, because the SDK's tenant-token cache is keyed by app id.
 */
public final class BotHarness implements AutoCloseable {
    public static final String TOKEN = "verify-token-123";
    public static final String ENCRYPT_KEY = "encrypt-key-456";

    public final FakeLark lark;
    public final Path dataDir;
    public final Path configFile;
    public final String appId = "cli_test_" + UUID.randomUUID().toString().substring(0, 8);
    public final LarkEventFactory events;
    /** The bot's clock, kept across restarts: {@link #advance} moves it. */
    public final TestClock clock = new TestClock();
    public final HttpClient http = HttpClient.newHttpClient();
    /** The chat the tests' configs list and {@link #command} speaks in. */
    public static final String CHAT = "oc_ops";
    private static final java.time.Duration COMMAND_TIMEOUT = java.time.Duration.ofSeconds(90);
    private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, String> extraEnv = new HashMap<>();
    private Bot bot;

    public BotHarness(String configYaml) {
        this(configYaml, null);
    }

    public BotHarness(String configYaml, Path existingDataDir) {
        try {
            this.lark = new FakeLark();
            Path dir = Files.createTempDirectory("larkops-bot");
            this.dataDir = existingDataDir != null ? existingDataDir : dir.resolve("data");
            this.configFile = dir.resolve("larkops.yaml");
            Files.writeString(configFile, configYaml);
            this.events = new LarkEventFactory(TOKEN, ENCRYPT_KEY, appId, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LARK_APP_ID", appId);
        env.put("LARK_APP_SECRET", "app-secret-789");
        env.put("LARK_VERIFICATION_TOKEN", TOKEN);
        env.put("LARK_ENCRYPT_KEY", ENCRYPT_KEY);
        env.put("LARK_BASE_URL", lark.baseUrl());
        env.put("LARKOPS_PORT", "0");
        env.put("LARKOPS_DATA_DIR", dataDir.toString());
        env.put("LARKOPS_CONFIG", configFile.toString());
        env.putAll(extraEnv);
        return env;
    }

    public BotHarness withEnv(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    public BotHarness start() {
        bot = Bot.start(Settings.forServer(env()), clock);
        return this;
    }

    /**
     * Moves the bot's clock {@code by} ahead and runs its time-driven work now (approval expiry, soak checks),
     * returning when that is done: a test jumps over a soak or a TTL instead of sleeping through it.
     */
    public void advance(java.time.Duration by) {
        clock.advance(by);
        if (bot != null) {
            bot.runDueWork();
        }
    }

    public void stopBot() {
        if (bot != null) {
            bot.close();
            bot = null;
        }
    }

    public int port() {
        return bot.port();
    }

    public HttpResponse<String> post(LarkEventFactory.Delivery d) {
        return LarkEventFactory.post(http, port(), d);
    }

    /** Sends a chat message from {@code openId} in {@code chatId}; returns the HTTP answer. */
    public HttpResponse<String> say(String chatId, String openId, String messageId, String text) {
        return post(events.deliver(events.message("ev_" + UUID.randomUUID(), messageId, chatId, openId, text)));
    }

    /** Says {@code text} as {@code openId} in the chat {@code oc_ops} under a fresh message id; fails unless acknowledged; returns the id. */
    public String send(String openId, String text) {
        String messageId = "om_h" + sent.incrementAndGet() + "_" + appId;
        HttpResponse<String> answer = say(CHAT, openId, messageId, text);
        if (answer.statusCode() != 200) {
            throw new AssertionError("the bot answered " + answer.statusCode() + " to '" + text + "': " + answer.body());
        }
        return messageId;
    }

    /**
     * Says {@code text} as {@code openId} in {@code oc_ops} and waits (up to 90 s) for its answer containing
     * {@code expect}: the reply, or a later PATCH of it (a live card); returns that answer's text.
     */
    public String command(String openId, String text, String expect) {
        return lark.awaitReply(send(openId, text), t -> t.contains(expect), COMMAND_TIMEOUT).text();
    }

    /**
     * Jumps over {@code soak} (the service's soak period) and waits until the live release of {@code service} in
     * {@code env} is known-good, as the soak watch marks it.
     */
    public void passSoak(String service, String env, java.time.Duration soak) {
        advance(soak);
        awaitKnownGood(service, env);
    }

    /** Waits (up to 30 s) until the live release of {@code service} in {@code env} is known-good. */
    public void awaitKnownGood(String service, String env) {
        String sql = "SELECT known_good_ms IS NOT NULL FROM releases WHERE service='" + service + "' AND env='" + env
                + "' AND outcome='LIVE' ORDER BY id DESC LIMIT 1";
        Poll.until(service + " known-good in " + env, java.time.Duration.ofSeconds(30), () -> {
            try {
                return "1".equals(Sqlite.query(dataDir, sql));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() {
        stopBot();
        lark.close();
    }
}
