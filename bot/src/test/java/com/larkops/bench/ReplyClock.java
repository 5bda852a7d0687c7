package com.larkops.bench;

import com.larkops.testing.FakeLark;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When a reply reached the fake Lark, to the nanosecond: a WireMock listener stamps each reply as it is
 * served, instead of polling the request journal (whose 50 ms poll would blur sub-second figures).
 */
final class ReplyClock {
    /** When the reply was served, and its raw request body. */
    record Arrival(long nanos, String body) {
    }

    private record Wanted(String marker, CompletableFuture<Arrival> arrived) {
    }

    private final Map<String, Wanted> waiting = new ConcurrentHashMap<>();
    /** The live card's message (the reply's id) → what its command waits for: the outcome comes as a PATCH. */
    private final Map<String, Wanted> patched = new ConcurrentHashMap<>();

    ReplyClock(FakeLark lark) {
        lark.server().addMockServiceRequestListener((request, response) -> {
            long now = System.nanoTime();
            String url = request.getUrl();
            if (!url.startsWith("/open-apis/im/v1/messages/")) {
                return;
            }
            String body = request.getBodyAsString();
            if (url.endsWith("/reply")) {
                String messageId = url.substring("/open-apis/im/v1/messages/".length(), url.length() - "/reply".length());
                Wanted w = waiting.get(messageId);
                if (w != null) {
                    // FakeLark answers a reply with message id om_reply_<request id>: later PATCHes go there
                    patched.put("om_reply_" + request.getId(), w);
                    if (body.contains(w.marker())) {
                        w.arrived().complete(new Arrival(now, body));
                    }
                }
            } else if (request.getMethod().getName().equals("PATCH")) {
                Wanted w = patched.get(url.substring("/open-apis/im/v1/messages/".length()));
                if (w != null && body.contains(w.marker())) {
                    w.arrived().complete(new Arrival(now, body));
                }
            }
        });
    }

    /**
     * Call before sending: the first reply to {@code messageId} containing {@code marker}, or the first PATCH of
     * that reply's live card containing it, completes it.
     */
    CompletableFuture<Arrival> expect(String messageId, String marker) {
        CompletableFuture<Arrival> f = new CompletableFuture<>();
        waiting.put(messageId, new Wanted(marker, f));
        return f;
    }

    static Arrival await(CompletableFuture<Arrival> arrival, Duration timeout, String what) {
        try {
            return arrival.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no reply for " + what + " within " + timeout, e);
        }
    }
}
