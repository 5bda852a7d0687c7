package com.larkops.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's clock in tests: real time plus an offset that only grows. Time passes as usual (health timeouts,
 * durations measured in a step), and {@link #advance} jumps over a soak, a TTL or a hold instead of sleeping it.
 */
public final class TestClock extends Clock {
    private final AtomicLong offsetMillis;
    private final ZoneId zone;

    public TestClock() {
        this(new AtomicLong(), ZoneOffset.UTC);
    }

    private TestClock(AtomicLong offsetMillis, ZoneId zone) {
        this.offsetMillis = offsetMillis;
        this.zone = zone;
    }

    /** Moves the clock {@code by} ahead of where it would be. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock that goes back is not what the bot has to expect: " + by);
        }
        offsetMillis.addAndGet(by.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same clock (advancing one advances both) seen in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new TestClock(offsetMillis, zone);
    }
}
