package com.larkops.command;

import com.larkops.i18n.Msg;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The router's rate limit: a token bucket per user, shared by the commands they type and the buttons they
 * click. It stops floods (a script, a stuck client), not people: a burst of {@code burst} goes through, then
 * one more per {@code refillNanos}. The shell's OS user is not limited (it has the engine's access anyway).
 */
public final class RateLimit {
    private static final int MAX_USERS = 4096;

    /** The burst the app allows per user: far above what a person types or clicks in a minute. */
    public static final int STANDARD_BURST = 120;

    /**
     * The limit the app runs with: {@link #STANDARD_BURST} at once, then ten a second — a script that sends
     * every 200 ms, or two people's worth of clicks, is never refused; a loop that floods is.
     */
    public static RateLimit standard(LongSupplier nanoTime) {
        return new RateLimit(STANDARD_BURST, 100_000_000L, nanoTime);
    }

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_USERS;
        }
    };

    public RateLimit(int burst, long refillNanos, LongSupplier nanoTime) {
        if (burst < 1 || refillNanos < 1) {
            throw new IllegalArgumentException("a rate limit needs a burst and a refill period");
        }
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.nanoTime = nanoTime;
    }

    /** Takes one of the caller's tokens; empty when there was one, else what to tell them (rendered at the edge). */
    public synchronized Optional<Msg> take(Caller caller) {
        if (caller.fromShell()) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        Bucket b = buckets.computeIfAbsent(caller.user(), u -> new Bucket(burst, now));
        long earned = (now - b.since) / refillNanos;
        if (earned > 0) {
            b.tokens = (int) Math.min(burst, b.tokens + earned);
            b.since = b.tokens == burst ? now : b.since + earned * refillNanos;
        }
        if (b.tokens == 0) {
            long wait = Math.max(1, (b.since + refillNanos - now + 999_999_999L) / 1_000_000_000L);
            return Optional.of(Msg.of("router.rate_limited", wait));
        }
        b.tokens--;
        return Optional.empty();
    }

    private static final class Bucket {
        int tokens;
        long since;

        Bucket(int tokens, long since) {
            this.tokens = tokens;
            this.since = since;
        }
    }
}
