package com.larkops.lark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spaces calls per key (a chat, a message, the app) so that at most one starts every {@code gap}: the
 * caller waits its turn instead of earning a 429. Keys are forgotten oldest first beyond a bound.
 */
final class RateGate {
    private static final int MAX_KEYS = 4096;

    private final long gapNanos;
    private final Map<String, Long> nextFree = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_KEYS;
        }
    };

    RateGate(int perSecond) {
        this.gapNanos = 1_000_000_000L / perSecond;
    }

    /** Reserves the next slot for {@code key} and waits until it comes. */
    void acquire(String key) {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextFree.getOrDefault(key, now));
            nextFree.put(key, slot + gapNanos);
            wait = slot - now;
        }
        sleepNanos(wait);
    }

    /** Nobody gets a slot for {@code key} before {@code nanos} from now (Lark said when to come back). */
    synchronized void pause(String key, long nanos) {
        long until = System.nanoTime() + nanos;
        nextFree.merge(key, until, Math::max);
    }

    static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
