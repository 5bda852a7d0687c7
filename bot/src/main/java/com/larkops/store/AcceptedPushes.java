package com.larkops.store;

import com.larkops.model.Digest;
import com.larkops.pipeline.Push;
import com.larkops.pipeline.PushJournal;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Registry pushes between their acknowledgement and the worker's end ({@code accepted_pushes}). The event id
 * goes to {@code processed_events} like every deduplicated event, and the push is recorded in the same
 * transaction, so a crash can never leave an id marked seen without its push. Written on the request thread:
 * the registry's notifier waits for it, and a push is worth the few milliseconds (Lark's 3 s rule is not
 * involved). Done rows are kept for the dedup retention, then purged.
 */
public final class AcceptedPushes implements PushJournal {
    private final Database db;
    private final Clock clock;

    public AcceptedPushes(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public boolean accept(String eventId, Push push, Instant at) {
        return db.transaction("record registry event " + eventId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO processed_events(event_id, received_ms) VALUES (?, ?) ON CONFLICT(event_id) DO NOTHING")) {
                ps.setString(1, eventId);
                ps.setLong(2, at.toEpochMilli());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accepted_pushes(event_id, repository, tag, digest, accepted_ms) "
                    + "VALUES (?,?,?,?,?) ON CONFLICT(event_id) DO NOTHING")) {
                ps.setString(1, eventId);
                ps.setString(2, push.repository());
                ps.setString(3, push.tag());
                ps.setString(4, push.digest().value());
                ps.setLong(5, at.toEpochMilli());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void done(String eventId) {
        db.update("mark registry event " + eventId + " done", "UPDATE accepted_pushes SET done_ms=? WHERE event_id=? AND done_ms IS NULL",
                ps -> {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, eventId);
                });
    }

    @Override
    public List<Accepted> unfinished() {
        db.update("purge done registry events", "DELETE FROM accepted_pushes WHERE done_ms IS NOT NULL AND done_ms < ?",
                ps -> ps.setLong(1, clock.millis() - ProcessedEvents.RETENTION.toMillis()));
        return db.query("read unfinished registry events", "SELECT event_id, repository, tag, digest FROM accepted_pushes "
                        + "WHERE done_ms IS NULL ORDER BY id", ps -> { },
                rs -> new Accepted(rs.getString(1), new Push(rs.getString(2), rs.getString(3), Digest.parse(rs.getString(4)), "replay")));
    }
}
