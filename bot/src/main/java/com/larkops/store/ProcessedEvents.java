package com.larkops.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Dedup of Lark {@code event_id}s that survives a restart and holds across processes sharing the store (a
 * self-deploy's old and new bot, replicas). Lark re-delivers an event after a failed or slow delivery (about
 * 15 s, 5 min, 1 h and 6 h later), so ids are kept for {@link #RETENTION}, well past the last retry and past
 * the accepted event age.
 *
 * <p>A duplicate this process has seen is answered from memory (loaded from the store at start). A new id
 * is written at once with an insert that only one process can win: memory alone cannot know what another
 * process sharing the store has seen, and deferring the write would let two processes both act.
 */
public final class ProcessedEvents {
    public static final Duration RETENTION = Duration.ofHours(72);
    static final int MAX_IN_MEMORY = 100_000;

    private final Database db;
    private final Clock clock;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder()
            .maximumSize(MAX_IN_MEMORY)
            .expireAfterWrite(RETENTION)
            .build();

    public ProcessedEvents(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        load();
    }

    /** Records the id; true only the first time any process sharing the store sees it (within the retention). */
    public boolean firstSeen(String eventId) {
        if (seen.asMap().putIfAbsent(eventId, Boolean.TRUE) != null) {
            return false;
        }
        return db.update("record event " + eventId,
                "INSERT INTO processed_events(event_id, received_ms) VALUES (?, ?) ON CONFLICT(event_id) DO NOTHING",
                ps -> {
                    ps.setString(1, eventId);
                    ps.setLong(2, clock.millis());
                }) == 1;
    }

    /** Forgets ids older than the retention; returns how many. */
    public int purgeExpired() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        return db.update("purge old event ids", "DELETE FROM processed_events WHERE received_ms < ?",
                ps -> ps.setLong(1, cutoff));
    }

    private void load() {
        long since = clock.millis() - RETENTION.toMillis();
        List<String> ids = db.query("load recent event ids",
                "SELECT event_id FROM processed_events WHERE received_ms >= ? ORDER BY received_ms DESC LIMIT ?",
                ps -> {
                    ps.setLong(1, since);
                    ps.setInt(2, MAX_IN_MEMORY);
                }, rs -> rs.getString(1));
        ids.forEach(id -> seen.put(id, Boolean.TRUE));
    }
}
