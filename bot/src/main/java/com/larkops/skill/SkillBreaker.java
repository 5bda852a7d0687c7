package com.larkops.skill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker per skill digest: after {@link #THRESHOLD} failures in a row, calls are answered
 * "unavailable" at once for {@link #OPEN_FOR} instead of each waiting out the timeout; then one trial
 * call goes through, and a success closes it. Keyed by digest so a failing canary never blocks the live version.
 *
 * <p>Not resilience4j (issue #23): its breaker would replace these 47 lines with about as many of config, registry
 * and permission bookkeeping (a "busy" call must release its permit), takes a test's {@link Clock} only through an
 * internal constructor, keeps every digest's breaker forever, and with its bulkhead and time limiter adds 244 KB.
 */
public final class SkillBreaker {
    static final int THRESHOLD = 3;
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public SkillBreaker(Clock clock) {
        this.clock = clock;
    }

    private record State(int failures, Instant openUntil) {
    }

    /** Empty when a call may go through; otherwise until when the breaker stays open. */
    public java.util.Optional<Instant> openUntil(String digest) {
        State s = states.get(digest);
        if (s == null || s.openUntil() == null || !clock.instant().isBefore(s.openUntil())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(s.openUntil());
    }

    public void succeeded(String digest) {
        states.remove(digest);
    }

    public void failed(String digest) {
        states.compute(digest, (k, s) -> {
            int failures = (s == null ? 0 : s.failures()) + 1;
            return new State(failures, failures >= THRESHOLD ? clock.instant().plus(OPEN_FOR) : null);
        });
    }
}
