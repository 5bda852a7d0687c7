package com.larkops.tryit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.lark.LarkSignature;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what the try-it user types into the events Lark would deliver — {@code im.message.receive_v1}
 * and {@code card.action.trigger}, schema 2.0, AES-256-CBC encrypted with the encrypt key and signed
 * with X-Lark-Signature — and POSTs them to the bot's own {@code /lark/events}: the real inbound path.
 */
final class LocalEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final String encryptKey;
    private final String appId;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    LocalEvents(String token, String encryptKey, String appId, int botPort) {
        this.token = token;
        this.encryptKey = encryptKey;
        this.appId = appId;
        this.endpoint = URI.create("http://127.0.0.1:" + botPort + "/lark/events");
    }

    /** Posts a text message; returns the HTTP answer as "status body". */
    String say(String chatId, String openId, String messageId, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("create_time", String.valueOf(System.currentTimeMillis()));
        message.put("chat_id", chatId);
        message.put("chat_type", "group");
        message.put("message_type", "text");
        message.put("content", json(Map.of("text", text)));
        Map<String, Object> event = Map.of(
                "sender", Map.of("sender_id", Map.of("open_id", openId), "sender_type", "user", "tenant_key", "local"),
                "message", message);
        return post(envelope("im.message.receive_v1", event));
    }

    /** Posts a button click on {@code messageId} with the button's value. */
    String click(String chatId, String openId, String messageId, Map<String, Object> value) {
        Map<String, Object> event = Map.of(
                "operator", Map.of("open_id", openId, "tenant_key", "local"),
                "token", "c-" + UUID.randomUUID(),
                "action", Map.of("value", value, "tag", "button"),
                "context", Map.of("open_message_id", messageId, "open_chat_id", chatId));
        return post(envelope("card.action.trigger", event));
    }

    private Map<String, Object> envelope(String type, Map<String, Object> event) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event_id", "ev_local_" + UUID.randomUUID());
        header.put("event_type", type);
        header.put("create_time", String.valueOf(System.currentTimeMillis()));
        header.put("token", token);
        header.put("app_id", appId);
        header.put("tenant_key", "local");
        return Map.of("schema", "2.0", "header", header, "event", event);
    }

    private String post(Map<String, Object> plain) {
        byte[] body = json(Map.of("encrypt", encrypt(json(plain)))).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Lark-Request-Timestamp", ts)
                    .header("X-Lark-Request-Nonce", nonce)
                    .header("X-Lark-Signature", LarkSignature.compute(ts, nonce, encryptKey, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "bot unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String encrypt(String plain) {
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
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC missing from the JVM", e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
