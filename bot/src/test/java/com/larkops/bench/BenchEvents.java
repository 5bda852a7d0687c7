package com.larkops.bench;

import com.larkops.testing.LarkEventFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Signed, encrypted {@code /help} messages built before any clock starts, so encryption and signing are
 * not part of the measured ack latency. Each has its own event id and message id: the bot acts on an id once.
 */
final class BenchEvents {
    static final String CHAT = "oc_bench";
    static final String USER = "ou_bench";

    private final List<LarkEventFactory.Delivery> deliveries;

    private BenchEvents(List<LarkEventFactory.Delivery> deliveries) {
        this.deliveries = deliveries;
    }

    static BenchEvents build(LarkEventFactory events, int count) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        return new BenchEvents(IntStream.range(0, count).parallel()
                .mapToObj(i -> events.deliver(events.message("ev_bench_" + run + "_" + i, "om_bench_" + run + "_" + i,
                        CHAT, USER, "/help")))
                .toList());
    }

    int size() {
        return deliveries.size();
    }

    int bodyBytes() {
        return deliveries.get(0).body().length;
    }

    /** Every event once, in order; null when all are spent. */
    Supplier<HttpRequest> once(URI uri) {
        List<HttpRequest> requests = deliveries.stream().map(d -> request(uri, d)).toList();
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int i = next.getAndIncrement();
            return i < requests.size() ? requests.get(i) : null;
        };
    }

    /** The first {@code distinct} events over and over, for an endpoint that does not deduplicate. */
    Supplier<HttpRequest> cycling(URI uri, int distinct) {
        List<HttpRequest> requests = deliveries.stream().limit(distinct).map(d -> request(uri, d)).toList();
        AtomicInteger next = new AtomicInteger();
        return () -> requests.get(Math.floorMod(next.getAndIncrement(), requests.size()));
    }

    private static HttpRequest request(URI uri, LarkEventFactory.Delivery d) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Lark-Request-Timestamp", d.timestamp())
                .header("X-Lark-Request-Nonce", d.nonce())
                .header("X-Lark-Signature", d.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
    }
}
