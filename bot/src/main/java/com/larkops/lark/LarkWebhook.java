package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.core.utils.Jsons;
import com.lark.oapi.event.exception.HandlerNotFoundException;
import com.larkops.command.Trace;
import com.larkops.net.BoundedInput;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code POST /lark/events}: raw body in, SDK dispatcher out. Order of checks: size (before parsing),
 * decryption, URL-challenge token, signature over the raw bytes, request timestamp; then the guarded
 * dispatcher checks token, age and dedup and runs our handlers, which only enqueue work.
 */
public final class LarkWebhook {
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(LarkWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GuardedDispatcher dispatcher;
    private final String encryptKey;
    private final EventCounter counter;
    private final EventDecryptor decryptor;

    /** Counts events by outcome for the metrics endpoint. */
    public interface EventCounter {
        void received();

        void rejected(String reason);
    }

    public LarkWebhook(GuardedDispatcher dispatcher, String encryptKey, EventCounter counter) {
        this.dispatcher = dispatcher;
        this.encryptKey = encryptKey;
        this.counter = counter;
        this.decryptor = new EventDecryptor(encryptKey);
    }

    public void handle(Context ctx) {
        Trace trace = Trace.begin();
        counter.received();
        try {
            byte[] body = readLimited(ctx);
            Trace.mark(Trace.Stage.READ);
            Object answer = accept(body, ctx.header("X-Lark-Request-Timestamp"), ctx.header("X-Lark-Request-Nonce"),
                    ctx.header("X-Lark-Signature"));
            ctx.status(200).contentType("application/json; charset=utf-8").result(answer.toString());
        } catch (EventRejected e) {
            counter.rejected(e.reason());
            log.warn("event rejected: reason={} {}", e.reason(), e.getMessage());
            if (e.status() == 413) {
                ctx.header("Connection", "close"); // the rest of the body stays unread
            }
            ctx.status(e.status()).json(Map.of("msg", e.getMessage()));
        } catch (DuplicateEvent e) {
            counter.rejected("duplicate");
            log.info("{}; acknowledged, not acted on", e.getMessage());
            ctx.status(200).json(Map.of("msg", "duplicate"));
        } finally {
            Trace.mark(Trace.Stage.ACKED);
            Trace.detach();
            if (!trace.handedOver()) {
                trace.finish();
            }
        }
    }

    /** The transport-free core: returns the JSON answer for Lark, or throws a rejection. */
    Object accept(byte[] body, String timestamp, String nonce, String signature) {
        JsonNode outer = parse(body, "body");
        String encrypted = outer.path("encrypt").asText("");
        if (encrypted.isEmpty()) {
            throw new EventRejected("unencrypted", 400, "expected an encrypted event: set the Encrypt Key in the Lark console");
        }
        byte[] plain;
        try {
            plain = decryptor.decrypt(encrypted);
        } catch (RuntimeException e) {
            throw new EventRejected("decrypt", 400, "event cannot be decrypted with LARK_ENCRYPT_KEY");
        }
        Trace.mark(Trace.Stage.DECRYPTED);
        JsonNode event = parse(plain, "decrypted event");
        if ("url_verification".equals(event.path("type").asText())) {
            dispatcher.guard().checkToken(event.path("token").asText(""));
            return jsonString(Map.of("challenge", event.path("challenge").asText("")));
        }
        if (!LarkSignature.matches(timestamp, nonce, encryptKey, body, signature)) {
            throw new EventRejected("signature", 401, "X-Lark-Signature does not match the body");
        }
        dispatcher.guard().checkRequestTimestamp(timestamp);
        Trace.mark(Trace.Stage.VERIFIED);
        try {
            Object result = dispatcher.dispatch(event, plain);
            return result == null ? "{\"msg\":\"success\"}" : Jsons.DEFAULT.toJson(result);
        } catch (EventRejected | DuplicateEvent e) {
            throw e;
        } catch (HandlerNotFoundException e) {
            return "{\"msg\":\"ignored\"}";
        } catch (Throwable e) {
            log.error("event handler failed", e);
            throw new EventRejected("handler", 500, "event handler failed");
        }
    }

    /** The body, read through a bound that stops the read at {@link #MAX_BODY_BYTES}, chunked or not. */
    private static byte[] readLimited(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            return BoundedInput.readAll(in, ctx.req().getContentLengthLong(), MAX_BODY_BYTES);
        } catch (BoundedInput.TooLarge e) {
            throw new EventRejected("oversized", 413, "body over 1 MiB refused");
        } catch (IOException e) {
            throw new EventRejected("io", 400, "body could not be read");
        }
    }

    private static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new EventRejected("malformed", 400, what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new EventRejected("malformed", 400, what + " is not JSON");
        }
    }

    private static String jsonString(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
