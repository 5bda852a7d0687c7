package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.app.Bot;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One try-it session: the real {@link Bot} (webhook mode, a loopback port of its own) wired to a
 * {@link LocalLark} with a freshly generated app id, verification token and encrypt key; typed lines
 * become signed events, the bot's messages are printed as text. Lines starting with ':' are ours:
 * {@code :as <open_id>}, {@code :quit}, {@code :click <n>} clicks the card button numbered n, and
 * {@code :<action> <request_id>} clicks an approval button.
 */
public final class TrySession implements AutoCloseable {
    private final PrintStream out;
    private final LocalLark lark;
    private final Bot bot;
    private final LocalEvents events;
    private final String chat;
    private volatile String user;
    private final AtomicInteger typed = new AtomicInteger();
    private final Map<String, String> cardOfRequest = new ConcurrentHashMap<>();
    private volatile String lastCard = "";
    /** Buttons shown so far, by the number {@code :click <n>} takes: the card's message and the button's value. */
    private final Map<Integer, Click> clicks = new ConcurrentHashMap<>();
    private final AtomicInteger buttons = new AtomicInteger(1);
    private final Map<String, String> shownCards = new ConcurrentHashMap<>();

    private record Click(String messageId, JsonNode value) {
    }
    private volatile long lastShownNanos = System.nanoTime();

    private TrySession(Map<String, String> env, Path config, String as, PrintStream out) {
        this.out = out;
        LarkopsConfig cfg = ConfigFile.load(config);
        this.chat = cfg.chats().isEmpty() ? "oc_tryit" : cfg.chats().get(0);
        this.user = as != null ? as : cfg.deployers().stream().sorted().findFirst().orElse("ou_tryit");
        this.lark = new LocalLark(this::show);
        String appId = "cli_tryit_" + random(4);
        String token = random(16);
        String key = random(16);
        Map<String, String> e = new HashMap<>(env);
        e.put("LARK_APP_ID", appId);
        e.put("LARK_APP_SECRET", random(16));
        e.put("LARK_VERIFICATION_TOKEN", token);
        e.put("LARK_ENCRYPT_KEY", key);
        e.put("LARK_BASE_URL", lark.baseUrl());
        e.put("LARK_EVENT_MODE", "webhook");
        e.put("LARKOPS_CONFIG", config.toString());
        e.put("LARKOPS_PORT", "0"); // never the real bot's port: both may run on one host
        try {
            this.bot = Bot.start(Settings.forServer(e));
        } catch (RuntimeException ex) {
            lark.close();
            throw ex;
        }
        this.events = new LocalEvents(token, key, appId, bot.port());
    }

    /** Starts the bot against {@code config}; {@code as} is the open_id you type as (null: first deployer). */
    public static TrySession start(Map<String, String> env, Path config, String as, PrintStream out) {
        TrySession s = new TrySession(env, config, as, out);
        out.println("larkops try-it: bot on http://127.0.0.1:" + s.bot.port() + " (healthz, metrics), Lark replaced by "
                + s.lark.baseUrl() + "\nyou are " + s.user + " in chat " + s.chat
                + ". Type /help, /deploy <service> <version>, … — :click <n> presses a card's button, :as <open_id> to switch user, :quit to leave.");
        return s;
    }

    public int botPort() {
        return bot.port();
    }

    /** Handles one typed line; false when the user asked to leave. */
    public boolean type(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return true;
        }
        if (text.equals(":quit") || text.equals(":q")) {
            return false;
        }
        if (text.startsWith(":as ")) {
            user = text.substring(4).strip();
            out.println("(you are now " + user + ")");
            return true;
        }
        String answer;
        if (text.startsWith(":click")) {
            Click click = clicks.get(number(text.substring(":click".length()).strip()));
            if (click == null) {
                out.println("(no such button; type :click <n> with a number shown on a card)");
                return true;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(click.value(), Map.class);
            answer = events.click(chat, user, click.messageId(), value);
        } else if (text.startsWith(":")) {
            String[] words = text.substring(1).split("\\s+");
            String request = words.length > 1 ? words[1] : "";
            String card = cardOfRequest.getOrDefault(request, lastCard);
            if (card.isEmpty()) {
                out.println("(no card to click yet)");
                return true;
            }
            Map<String, Object> value = request.isEmpty() ? Map.of("action", words[0]) : Map.of("action", words[0], "request_id", request);
            answer = events.click(chat, user, card, value);
        } else {
            answer = events.say(chat, user, "om_typed_" + typed.incrementAndGet(), text);
        }
        if (!answer.startsWith("200 ")) {
            out.println("(the bot did not accept the event: " + answer + ")");
        }
        return true;
    }

    private void show(LocalLark.Outbound m) {
        String text = m.content().path("text").asText();
        if ("interactive".equals(m.msgType())) {
            CardText.Rendered card = CardText.render(m.content(), buttons.get());
            for (JsonNode value : card.buttons()) {
                clicks.put(buttons.getAndIncrement(), new Click(m.messageId(), value));
            }
            String before = shownCards.put(m.messageId(), card.text());
            // an update shows what changed (the title, and the lines that are new), not the whole card again
            text = "update".equals(m.kind()) && before != null ? CardText.diff(before, card.text()) : card.text();
            lastCard = m.messageId();
            remember(m.content(), m.messageId());
        }
        String prefix = switch (m.kind()) {
            case "update" -> "larkops (card updated) ▸ ";
            case "send" -> "larkops (to " + m.target() + ") ▸ ";
            default -> "larkops ▸ ";
        };
        lastShownNanos = System.nanoTime();
        synchronized (out) {
            out.println(prefix + text.replace("\n", "\n" + " ".repeat(4)));
            out.flush();
        }
    }

    /** For piped input: after EOF, waits until the bot has said nothing for {@code quiet} (at most {@code max}). */
    public void awaitQuiet(java.time.Duration quiet, java.time.Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - lastShownNanos < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void remember(JsonNode node, String messageId) {
        if (node.has("request_id")) {
            cardOfRequest.put(node.path("request_id").asText(), messageId);
        }
        node.forEach(child -> remember(child, messageId));
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        bot.close();
        lark.close();
    }
}
