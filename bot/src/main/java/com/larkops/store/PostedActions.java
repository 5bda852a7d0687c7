package com.larkops.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.command.PostedButtons;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every button larkops posted, with its message and its value (which names its action), durable and shared
 * by replicas. A message's buttons are replaced as a whole when its card is updated: the old rows become
 * {@code SUPERSEDED}, the new card's buttons {@code CURRENT}, in one transaction.
 */
public final class PostedActions implements PostedButtons {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final Clock clock;

    public PostedActions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The card now on {@code messageId} shows exactly these buttons (each a callback value with its {@code action}). */
    public void shown(String messageId, List<Map<String, String>> values) {
        if (messageId == null || messageId.isBlank()) {
            return;
        }
        long now = clock.millis();
        db.transaction("record the buttons of " + messageId, c -> {
            try (var supersede = c.prepareStatement("UPDATE posted_actions SET status='SUPERSEDED' WHERE message_id=? AND status='CURRENT'")) {
                supersede.setString(1, messageId);
                supersede.executeUpdate();
            }
            try (var insert = c.prepareStatement(
                    "INSERT INTO posted_actions(message_id, action, value_json, status, created_ms) VALUES (?,?,?,'CURRENT',?)")) {
                for (Map<String, String> value : values) {
                    insert.setString(1, messageId);
                    insert.setString(2, value.getOrDefault("action", ""));
                    insert.setString(3, canonical(value));
                    insert.setLong(4, now);
                    insert.addBatch();
                }
                if (!values.isEmpty()) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    /** Forgets buttons posted before {@code cutoff}: Lark takes no click on a card older than 14 days; returns how many. */
    public int purgeBefore(java.time.Instant cutoff) {
        return db.update("purge old posted buttons", "DELETE FROM posted_actions WHERE created_ms < ?", ps -> ps.setLong(1, cutoff.toEpochMilli()));
    }

    @Override
    public Status statusOf(String messageId, String action, Map<String, String> value) {
        if (messageId == null || messageId.isBlank()) {
            return Status.NOT_POSTED;
        }
        List<String> statuses = db.query("read the buttons of " + messageId,
                "SELECT status FROM posted_actions WHERE message_id=? AND action=? AND value_json=?", ps -> {
                    ps.setString(1, messageId);
                    ps.setString(2, action);
                    ps.setString(3, canonical(value));
                }, rs -> rs.getString(1));
        if (statuses.contains("CURRENT")) {
            return Status.CURRENT;
        }
        return statuses.isEmpty() ? Status.NOT_POSTED : Status.SUPERSEDED;
    }

    /** One spelling per value: keys sorted, every value a string (as the click hands it back). */
    static String canonical(Map<String, String> value) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
