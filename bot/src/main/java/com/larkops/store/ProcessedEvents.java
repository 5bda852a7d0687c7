package com.larkops.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/**
 * Durable dedup of Lark {@code event_id}s. Lark re-delivers an event after a failed or slow delivery
 * (about 15 s, 5 min, 1 h and 6 h later), so ids are kept for {@link #RETENTION}, well past the last
 * retry and past the accepted event age. Caffeine answers the hot path; the database makes it survive restarts, and
 * its unique key makes exactly one of several replicas sharing a PostgreSQL store act on an event.
 */
public final class ProcessedEvents {
    public static final Duration RETENTION = Duration.ofHours(72);

    private final Database db;
    private final Clock clock;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RETENTION)
            .build();

    public ProcessedEvents(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records the id; true only the first time it is ever seen (within the retention). */
    public boolean firstSeen(String eventId) {
        if (seen.getIfPresent(eventId) != null) {
            return false;
        }
        int inserted = db.update("record event " + eventId,
                "INSERT INTO processed_events(event_id, received_ms) VALUES (?, ?) ON CONFLICT(event_id) DO NOTHING",
                ps -> {
                    ps.setString(1, eventId);
                    ps.setLong(2, clock.millis());
                });
        seen.put(eventId, Boolean.TRUE);
        return inserted == 1;
    }

    /** Forgets ids older than the retention; returns how many. */
    public int purgeExpired() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        return db.update("purge old event ids", "DELETE FROM processed_events WHERE received_ms < ?",
                ps -> ps.setLong(1, cutoff));
    }
}
