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

    ReplyClock(FakeLark lark) {
        lark.server().addMockServiceRequestListener((request, response) -> {
            long now = System.nanoTime();
            String url = request.getUrl();
            if (!url.startsWith("/open-apis/im/v1/messages/") || !url.endsWith("/reply")) {
                return;
            }
            String messageId = url.substring("/open-apis/im/v1/messages/".length(), url.length() - "/reply".length());
            Wanted w = waiting.get(messageId);
            String body = request.getBodyAsString();
            if (w != null && body.contains(w.marker())) {
                w.arrived().complete(new Arrival(now, body));
            }
        });
    }

    /** Call before sending: the first reply to {@code messageId} containing {@code marker} completes it. */
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
