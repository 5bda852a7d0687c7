package com.larkops.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.lark.LarkSignature;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds inbound events exactly as Lark sends them: JSON encrypted with AES-256-CBC (key = SHA-256 of
 * the encrypt key, random IV prepended, base64), wrapped as {@code {"encrypt": …}}, and signed with
 * X-Lark-Signature = hex(SHA-256(timestamp + nonce + encryptKey + body)).
 */
public final class LarkEventFactory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final String encryptKey;
    private final String appId;
    private final java.time.Clock clock;

    public LarkEventFactory(String token, String encryptKey, String appId) {
        this(token, encryptKey, appId, java.time.Clock.systemUTC());
    }

    /** Events stamped with {@code clock}'s time: the bot's own clock, so a test that moves it sends no "stale" events. */
    public LarkEventFactory(String token, String encryptKey, String appId, java.time.Clock clock) {
        this.token = token;
        this.encryptKey = encryptKey;
        this.appId = appId;
        this.clock = clock;
    }

    /** A signed, encrypted HTTP delivery. */
    public record Delivery(byte[] body, String timestamp, String nonce, String signature) {
        public Delivery withSignature(String sig) {
            return new Delivery(body, timestamp, nonce, sig);
        }
    }

    public Map<String, Object> message(String eventId, String messageId, String chatId, String openId, String text) {
        return message(eventId, messageId, chatId, openId, text, clock.millis(), token);
    }

    public Map<String, Object> message(String eventId, String messageId, String chatId, String openId, String text,
                                       long createTimeMs, String tokenInEvent) {
        Map<String, Object> content = Map.of("text", text);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("root_id", "");
        message.put("parent_id", "");
        message.put("create_time", String.valueOf(createTimeMs));
        message.put("chat_id", chatId);
        message.put("chat_type", chatId.startsWith("oc_p2p") ? "p2p" : "group");
        message.put("message_type", "text");
        message.put("content", json(content));
        message.put("mentions", List.of(Map.of("key", "@_user_1", "id", Map.of("open_id", "ou_bot"), "name", "larkops", "tenant_key", "t1")));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("sender", Map.of("sender_id", Map.of("open_id", openId, "union_id", "on_" + openId, "user_id", "u_" + openId),
                "sender_type", "user", "tenant_key", "t1"));
        event.put("message", message);
        return envelope(eventId, "im.message.receive_v1", createTimeMs, tokenInEvent, event);
    }

    public Map<String, Object> cardAction(String eventId, String openId, String chatId, String messageId, Map<String, Object> value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("operator", Map.of("tenant_key", "t1", "open_id", openId, "user_id", "u_" + openId, "union_id", "on_" + openId));
        event.put("token", "c-" + UUID.randomUUID());
        event.put("action", Map.of("value", value, "tag", "button"));
        event.put("host", "im_message");
        event.put("context", Map.of("open_message_id", messageId, "open_chat_id", chatId));
        return envelope(eventId, "card.action.trigger", clock.millis(), token, event);
    }

    /**
     * {@code application.bot.menu_v6} as Lark documents it: {@code event.operator.operator_id.{open_id,union_id,user_id}},
     * {@code event.event_key}, {@code event.timestamp}; no chat (Lark delivers the menu per user).
     */
    public Map<String, Object> menu(String eventId, String openId, String eventKey) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("operator", Map.of("operator_name", "Dev One", "operator_id",
                Map.of("open_id", openId, "union_id", "on_" + openId, "user_id", "u_" + openId)));
        event.put("event_key", eventKey);
        event.put("timestamp", String.valueOf(clock.millis() / 1000));
        return envelope(eventId, "application.bot.menu_v6", clock.millis(), token, event);
    }

    /**
     * A form container's submit as {@code card.action.trigger}: the submit button's {@code value}, and the form's
     * fields in {@code action.form_value} (by each field's {@code name}), {@code action.name} the button's name.
     */
    public Map<String, Object> formSubmit(String eventId, String openId, String chatId, String messageId, Map<String, Object> value,
                                          Map<String, Object> formValue) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("operator", Map.of("tenant_key", "t1", "open_id", openId, "user_id", "u_" + openId, "union_id", "on_" + openId));
        event.put("token", "c-" + UUID.randomUUID());
        event.put("action", Map.of("value", value, "tag", "button", "name", "submit", "form_value", formValue, "timezone", "Asia/Shanghai"));
        event.put("host", "im_message");
        event.put("context", Map.of("open_message_id", messageId, "open_chat_id", chatId));
        return envelope(eventId, "card.action.trigger", clock.millis(), token, event);
    }

    public Map<String, Object> challenge(String challenge, String tokenInEvent) {
        return Map.of("challenge", challenge, "token", tokenInEvent, "type", "url_verification");
    }

    private Map<String, Object> envelope(String eventId, String type, long createTimeMs, String tokenInEvent, Map<String, Object> event) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event_id", eventId);
        header.put("event_type", type);
        header.put("create_time", String.valueOf(createTimeMs));
        header.put("token", tokenInEvent);
        header.put("app_id", appId);
        header.put("tenant_key", "t1");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "2.0");
        root.put("header", header);
        root.put("event", event);
        return root;
    }

    public Delivery deliver(Map<String, Object> plain) {
        return deliver(plain, clock.millis() / 1000);
    }

    public Delivery deliver(Map<String, Object> plain, long timestampSeconds) {
        byte[] body = json(Map.of("encrypt", encrypt(json(plain)))).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(timestampSeconds);
        String nonce = UUID.randomUUID().toString();
        return new Delivery(body, ts, nonce, LarkSignature.compute(ts, nonce, encryptKey, body));
    }

    public String encrypt(String plain) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8));
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a delivery to the bot the way Lark does. */
    public static HttpResponse<String> post(HttpClient http, int port, Delivery d) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/lark/events"))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Lark-Request-Timestamp", d.timestamp())
                    .header("X-Lark-Request-Nonce", d.nonce())
                    .header("X-Lark-Signature", d.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
