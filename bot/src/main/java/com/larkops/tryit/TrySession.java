package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.app.Bot;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.i18n.Msg;

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
 * {@code :as <open_id>}, {@code :quit}, and {@code :<action> <request_id>} clicks a card button.
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
    private volatile String lastApprovalCard = "";
    /** Buttons shown so far, by the number {@code :click <n>} takes: the card's message and the button's value. */
    private final Map<Integer, Click> clicks = new ConcurrentHashMap<>();
    private final AtomicInteger buttons = new AtomicInteger(1);
    private final Map<String, String> shownCards = new ConcurrentHashMap<>();
    /** The card JSON the bot sent or patched last, as Lark would receive it. */
    private volatile JsonNode lastCard = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

    private record Click(String messageId, JsonNode value) {
    }
    /** Message ids the bot answered or updated; a typed line's outcome is known when its id is here. */
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final LarkopsConfig config;
    private final java.util.List<String> versions;

    private TrySession(Map<String, String> env, Path config, String as, java.util.List<String> versions, PrintStream out) {
        this.out = out;
        this.versions = versions;
        LarkopsConfig cfg = ConfigFile.load(config);
        this.config = cfg;
        this.chat = cfg.chats().isEmpty() ? "oc_tryit" : cfg.chats().get(0);
        this.user = as != null ? as : cfg.deployers().stream().sorted().findFirst().orElse("ou_tryit");
        this.lark = new LocalLark(this::show, cfg.language());
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
        return start(env, config, as, java.util.List.of(), out);
    }

    /** {@code versions}: what the registry offers for the first service, for the welcome text (may be empty). */
    public static TrySession start(Map<String, String> env, Path config, String as, java.util.List<String> versions,
                                   PrintStream out) {
        TrySession s = new TrySession(env, config, as, versions, out);
        s.print(Welcome.text(s.config, s.user, s.chat, versions, s.bot.port()));
        return s;
    }

    public int botPort() {
        return bot.port();
    }

    /**
     * Handles one typed line and returns once its outcome is shown (the command's replies sent, a click's
     * toast and card printed); false when the user asked to leave.
     */
    public boolean type(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return true;
        }
        if (text.equals(":quit") || text.equals(":q")) {
            return false;
        }
        if (text.equals(":help")) {
            print(Welcome.terminalHelp(language()));
        } else if (text.startsWith(":as ")) {
            user = text.substring(4).strip();
            say(Msg.of("app.tryit.now_as", user));
        } else if (text.startsWith(":click")) {
            Click c = clicks.get(number(text.substring(":click".length()).strip()));
            if (c == null) {
                say(Msg.of("app.tryit.no_button"));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> value = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(c.value(), Map.class);
                press(c.messageId(), value, c.value().path("action").asText());
            }
        } else if (text.equals(":break") || text.startsWith(":break ")) {
            breakProd(text.substring(":break".length()).strip());
        } else if (text.startsWith(":approve") || text.startsWith(":reject")) {
            click(text.substring(1).split("\\s+"));
        } else if (text.startsWith(":")) {
            say(Msg.of("app.tryit.unknown", text.split("\\s+")[0]));
        } else if (!text.startsWith("/")) {
            say(Msg.of("app.tryit.not_a_command"));
        } else {
            send(text);
        }
        return true;
    }

    /**
     * An outage to practise on: the health file in the service's prod container goes away (through the docker CLI, as
     * an operator's mistake would), then the bot runs a round of its incident watch now instead of at its next tick.
     */
    private void breakProd(String named) {
        String service = named.isEmpty() ? config.services().keySet().stream().findFirst().orElse("") : named;
        if (config.service(service).isEmpty()) {
            say(Msg.of("app.tryit.break.usage"));
            return;
        }
        String container = OutsideDocker.run("ps", "-q", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=prod", "--filter", "status=running").lines().findFirst().orElse("").strip();
        if (container.isEmpty()) {
            say(Msg.of("app.tryit.break.nothing", service));
            return;
        }
        OutsideDocker.run("exec", container, "/bin/busybox", "rm", "-f", "/www/healthz");
        say(Msg.of("app.tryit.break.done", service));
        bot.runDueWork();
        awaitIdle();
    }

    private void send(String text) {
        String messageId = "om_typed_" + typed.incrementAndGet();
        String answer = events.say(chat, user, messageId, text);
        if (!answer.startsWith("200 ")) {
            say(Msg.of("app.tryit.event_refused", answer));
            return;
        }
        awaitIdle();
        if (!answered.containsKey(messageId)) {
            say(Msg.of("app.tryit.no_answer"));
        }
    }

    private void click(String[] words) {
        String request = words.length > 1 ? words[1] : "";
        String card = cardOfRequest.getOrDefault(request, lastApprovalCard); // every answer is a card now: only approval cards count
        if (card.isEmpty()) {
            say(Msg.of("app.tryit.no_card", words[0]));
            return;
        }
        Map<String, Object> value = request.isEmpty() ? Map.of("action", words[0]) : Map.of("action", words[0], "request_id", request);
        press(card, value, words[0]);
    }

    /** Clicks a button of the card in {@code card}: shows the toast (and the card now); an approval waits for its end state. */
    private void press(String card, Map<String, Object> value, String action) {
        answered.remove(card);
        String answer = events.click(chat, user, card, value);
        if (!answer.startsWith("200 ")) {
            say(Msg.of("app.tryit.click_refused", answer));
            return;
        }
        JsonNode response = json(answer.substring(4));
        String toast = response.path("toast").path("content").asText("");
        String type = response.path("toast").path("type").asText("info");
        print(PlainText.wrap("larkops (" + type + ") ▸ ", "    ", toast.isEmpty() ? Msg.of("app.tryit.no_toast").in(language()) : toast));
        JsonNode returned = response.path("card").path("data");
        if (returned.isObject()) {
            print(PlainText.wrap(Msg.of("app.tryit.prefix.card_now").in(language()), "    ",
                    CardText.render(returned, 1, language()).text()));
        }
        if ("success".equals(type) && "approve".equals(action)) {
            awaitFinal(card); // the approved plan runs on its own worker and patches this card when done
        }
    }

    /** Waits until the bot's command workers have finished (bounded: a deploy ends within its health timeout). */
    private void awaitIdle() {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
        while (!bot.idle() && System.nanoTime() < deadline) {
            pause();
        }
    }

    /** Waits until the card shows an end state: the contract's final words live, failed or rolled back. */
    private void awaitFinal(String card) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String last = answered.getOrDefault(card, "");
            if (last.contains("live") || last.contains("failed") || last.contains("rolled back")) {
                return;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(LocalLark.Outbound m) {
        String text = PlainText.markdown(m.content().path("text").asText());
        if ("interactive".equals(m.msgType())) {
            CardText.Rendered card = CardText.render(m.content(), buttons.get(), language());
            for (JsonNode value : card.buttons()) {
                clicks.put(buttons.getAndIncrement(), new Click(m.messageId(), value));
            }
            String before = shownCards.put(m.messageId(), card.text());
            // an update shows what changed (the title, and the lines that are new), not the whole card again
            text = "update".equals(m.kind()) && before != null ? CardText.diff(before, card.text()) : card.text();
            remember(m.content(), m.messageId());
            lastCard = m.content();
        }
        String prefix = switch (m.kind()) {
            case "update" -> Msg.of("app.tryit.prefix.updated").in(language());
            case "send" -> Msg.of("app.tryit.prefix.to", m.target()).in(language());
            case "thread" -> Msg.of("app.tryit.prefix.thread").in(language());
            default -> "larkops ▸ ";
        };
        print(PlainText.wrap(prefix, "    ", text));
        String request = "interactive".equals(m.msgType()) ? requestIn(m.content()) : "";
        if (!"update".equals(m.kind()) && !request.isEmpty()) {
            print(approvalHint(request));
        }
        // the end state is read in English: the contract's final words are live, failed and rolled back
        String english = "interactive".equals(m.msgType()) ? CardText.render(m.content()) : text;
        answered.put(m.target(), english);
        answered.put(m.messageId(), english);
    }

    /** Prints within 80 columns: a line that is longer goes on, indented, on the next. */
    private void print(String text) {
        StringBuilder wrapped = new StringBuilder();
        for (String line : text.stripTrailing().split("\n", -1)) {
            wrapped.append(PlainText.wrap("", "  ", line));
        }
        synchronized (out) {
            out.print(wrapped);
            out.flush();
        }
    }

    /** Shown under a new approval card: how the flow goes on from here. */
    private String approvalHint(String request) {
        String approver = config.approvers().stream().filter(a -> !a.equals(user)).sorted().findFirst().orElse("<approver>");
        return Msg.of("app.tryit.approval_hint", approver, request).in(language());
    }

    /** The card the bot sent or patched last (missing before the first): what a Lark client would render. */
    JsonNode lastCard() {
        return lastCard;
    }

    /** The config's {@code language:}: the try-it chat's own lines and the cards as that user would see them. */
    public com.larkops.i18n.Language language() {
        return config.language();
    }

    /** One of try-it's own lines, in the config's language. */
    private void say(Msg line) {
        print(line.in(language()));
    }

    private static String requestIn(JsonNode node) {
        if (node.has("request_id")) {
            return node.path("request_id").asText();
        }
        for (JsonNode child : node) {
            String found = requestIn(child);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return "";
    }

    private void remember(JsonNode node, String messageId) {
        if (node.has("request_id")) {
            cardOfRequest.put(node.path("request_id").asText(), messageId);
            lastApprovalCard = messageId;
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

    private static JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
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
