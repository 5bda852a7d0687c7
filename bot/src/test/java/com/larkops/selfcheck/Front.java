package com.larkops.selfcheck;

import com.larkops.testing.FakeLark;
import com.larkops.testing.LarkEventFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lark's side of the front: signed, encrypted message events posted to the reverse proxy, re-delivered with the
 * same event id while the answer is not a 2xx (as Lark does, here after 1 s rather than 15 s).
 */
final class Front {
    private final String address;
    private final LarkEventFactory events;
    private final FakeLark lark;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger seq = new AtomicInteger();
    final AtomicInteger redeliveries = new AtomicInteger();

    Front(String address, LarkEventFactory events, FakeLark lark) {
        this.address = address;
        this.events = events;
        this.lark = lark;
    }

    /** Sends a command as ou_ops in oc_ops; returns its message id once a 2xx acknowledged it. */
    String send(String text) {
        return send(SelfDeployCheck.OPS, text);
    }

    /** Sends a command as {@code user} in oc_ops; returns its message id once a 2xx acknowledged it. */
    String send(String user, String text) {
        int n = seq.incrementAndGet();
        String messageId = "om_sc" + n + "_" + UUID.randomUUID().toString().substring(0, 8);
        LarkEventFactory.Delivery d = events.deliver(events.message("ev_sc" + n + "_" + UUID.randomUUID(), messageId,
                SelfDeployCheck.CHAT, user, text));
        String last = "";
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/lark/events"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("X-Lark-Request-Timestamp", d.timestamp())
                        .header("X-Lark-Request-Nonce", d.nonce())
                        .header("X-Lark-Signature", d.signature())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return messageId;
                }
                last = "HTTP " + r.statusCode();
            } catch (java.io.IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            redeliveries.incrementAndGet();
            sleep(1000);
        }
        throw new AssertionError("the front never acknowledged '" + text + "' in 60 deliveries; last: " + last);
    }

    /** Sends and waits for the text reply. */
    String ask(String text, Duration timeout) {
        String id = send(text);
        return lark.awaitReply(id, t -> true, timeout).text();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
