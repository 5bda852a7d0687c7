package com.larkops.bench;

import com.larkops.testing.FakeLark;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the answer to a command reached the fake Lark, to the nanosecond: a WireMock listener stamps each
 * reply, and each PATCH of a reply (a live card's later states), as it is served, instead of polling the
 * request journal (whose 50 ms poll would blur sub-second figures).
 */
final class ReplyClock {
    /** When the answer was served, and its raw request body. */
    record Arrival(long nanos, String body) {
    }

    /** One message call Lark received: when, and what ({@code reply}, {@code patch} or {@code post}). */
    record Call(long nanos, String what) {
    }

    private record Wanted(String marker, CompletableFuture<Arrival> arrived) {
    }

    private static final String MESSAGES = "/open-apis/im/v1/messages/";
    private static final Pattern REPLY_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,100})\"");

    private final Map<String, Wanted> waiting = new ConcurrentHashMap<>();
    /** A reply's own message id → the command message it answered, so that its PATCHes count too. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final java.util.Deque<Call> calls = new java.util.concurrent.ConcurrentLinkedDeque<>();

    ReplyClock(FakeLark lark) {
        lark.server().addMockServiceRequestListener((request, response) -> {
            long now = System.nanoTime();
            String url = request.getUrl();
            if (!url.startsWith(MESSAGES)) {
                return;
            }
            String rest = url.substring(MESSAGES.length());
            calls.addLast(new Call(now, rest.endsWith("/reply") ? "reply" : request.getMethod().getName().toLowerCase(java.util.Locale.ROOT)));
            if (calls.size() > 1000) {
                calls.pollFirst();
            }
            String origin;
            if (rest.endsWith("/reply")) {
                origin = rest.substring(0, rest.length() - "/reply".length());
                Matcher m = REPLY_ID.matcher(response.getBodyAsString());
                if (m.find()) {
                    answers.put(m.group(1), origin);
                }
            } else if (request.getMethod().getName().equals("PATCH") && answers.containsKey(rest)) {
                origin = answers.get(rest);
            } else {
                return;
            }
            Wanted w = waiting.get(origin);
            String body = request.getBodyAsString();
            if (w != null && body.contains(w.marker())) {
                w.arrived().complete(new Arrival(now, body));
            }
        });
    }

    /** The message calls Lark received at or after {@code nanos}, in order. */
    java.util.List<Call> callsSince(long nanos) {
        return calls.stream().filter(c -> c.nanos() >= nanos).toList();
    }

    /** Call before sending: the first reply to {@code messageId}, or PATCH of that reply, containing {@code marker} completes it. */
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
