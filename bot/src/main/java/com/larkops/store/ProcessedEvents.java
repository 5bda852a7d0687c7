package com.larkops.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Dedup of Lark {@code event_id}s that survives a restart. Lark re-delivers an event after a failed or slow
 * delivery (about 15 s, 5 min, 1 h and 6 h later), so ids are kept for {@link #RETENTION}, well past the
 * last retry and past the accepted event age.
 *
 * <p>The answer comes from memory: at start the ids of the retention window are loaded from the store, and
 * while memory holds them all it is the whole truth, so an event costs no database call on the request
 * thread. New ids go to the store in batches, written by one background thread as soon as it is free (under
 * load the batches grow); {@link #close} writes what is left, so a stopped bot forgets nothing. Only if the
 * process dies within the few ms between an ack and its batch could Lark's re-delivery of that event (which
 * Lark sends only when our 2xx did not reach it) be acted on twice. Should memory ever drop an id for size,
 * a miss is checked against the store as well.
 */
public final class ProcessedEvents implements AutoCloseable {
    public static final Duration RETENTION = Duration.ofHours(72);
    static final int MAX_IN_MEMORY = 100_000;
    private static final int MAX_BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

    private record Seen(String eventId, long receivedMs) {
    }

    private final Database db;
    private final Clock clock;
    /** Seen ids, and flush markers; one writer drains it. */
    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final Cache<String, Boolean> seen;
    private final Thread writer;
    /** True while memory holds every id the store holds within the retention. */
    private volatile boolean complete = true;
    private volatile boolean closed;

    public ProcessedEvents(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.seen = Caffeine.newBuilder()
                .maximumSize(MAX_IN_MEMORY)
                .expireAfterWrite(RETENTION)
                .removalListener((String id, Boolean v, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        complete = false;
                    }
                })
                .build();
        load();
        this.writer = new Thread(this::writeLoop, "event-ids");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records the id; true only the first time it is ever seen (within the retention). */
    public boolean firstSeen(String eventId) {
        if (seen.asMap().putIfAbsent(eventId, Boolean.TRUE) != null) {
            return false;
        }
        if (!complete && stored(eventId)) {
            return false;
        }
        Seen id = new Seen(eventId, clock.millis());
        synchronized (this) {
            if (!closed) {
                pending.add(id);
                return true;
            }
        }
        record(List.of(id)); // a straggler after close: write it ourselves
        return true;
    }

    /** Returns once every id recorded before the call is in the store. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(done);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StoreException("event ids not written within 30 s", e);
        }
    }

    /** Forgets ids older than the retention; returns how many. */
    public int purgeExpired() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        return db.update("purge old event ids", "DELETE FROM processed_events WHERE received_ms < ?",
                ps -> ps.setLong(1, cutoff));
    }

    /** Writes what is pending and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        synchronized (this) {
            closed = true;
        }
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Seen> left = new ArrayList<>();
        drainSeen(left, Integer.MAX_VALUE);
        record(left);
    }

    private void load() {
        long since = clock.millis() - RETENTION.toMillis();
        List<String> ids = db.query("load recent event ids",
                "SELECT event_id FROM processed_events WHERE received_ms >= ? ORDER BY received_ms DESC LIMIT ?",
                ps -> {
                    ps.setLong(1, since);
                    ps.setInt(2, MAX_IN_MEMORY + 1);
                }, rs -> rs.getString(1));
        if (ids.size() > MAX_IN_MEMORY) {
            complete = false;
        }
        ids.stream().limit(MAX_IN_MEMORY).forEach(id -> seen.put(id, Boolean.TRUE));
    }

    private boolean stored(String eventId) {
        return !db.query("look up event id", "SELECT 1 FROM processed_events WHERE event_id = ?",
                ps -> ps.setString(1, eventId), rs -> 1).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void writeLoop() {
        List<Object> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return; // close() writes what is left
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            List<Seen> ids = new ArrayList<>(batch.size());
            for (Object o : batch) {
                if (o instanceof Seen s) {
                    ids.add(s);
                }
            }
            try {
                record(ids);
            } catch (RuntimeException e) {
                // memory still answers; the ids are lost to a restart only, so say so and go on
                log.warn("could not record {} event ids: {}", ids.size(), e.getMessage());
            }
            for (Object o : batch) {
                if (o instanceof CompletableFuture<?> f) {
                    ((CompletableFuture<Void>) f).complete(null);
                }
            }
            batch.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private void drainSeen(List<Seen> into, int max) {
        List<Object> rest = new ArrayList<>();
        pending.drainTo(rest, max);
        for (Object o : rest) {
            if (o instanceof Seen s) {
                into.add(s);
            } else if (o instanceof CompletableFuture<?> f) {
                ((CompletableFuture<Void>) f).complete(null);
            }
        }
    }

    private void record(List<Seen> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.transaction("record " + ids.size() + " event ids", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO processed_events(event_id, received_ms) VALUES (?, ?)")) {
                for (Seen s : ids) {
                    ps.setString(1, s.eventId());
                    ps.setLong(2, s.receivedMs());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
