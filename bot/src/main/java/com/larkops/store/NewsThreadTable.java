package com.larkops.store;

import java.time.Instant;
import java.util.Optional;

/** The first message of each news topic per chat: later news about the topic replies in its thread. */
public final class NewsThreadTable {
    private final Database db;

    public NewsThreadTable(Database db) {
        this.db = db;
    }

    public Optional<String> root(String chat, String topic) {
        return db.query("read a news thread", "SELECT message_id FROM news_threads WHERE chat=? AND topic=?", ps -> {
            ps.setString(1, chat);
            ps.setString(2, topic);
        }, rs -> rs.getString(1)).stream().findFirst();
    }

    /** {@code messageId} starts the topic's thread, unless another message started it first. */
    public void remember(String chat, String topic, String messageId, Instant at) {
        db.update("record a news thread", "INSERT INTO news_threads(chat, topic, message_id, created_ms) VALUES (?,?,?,?) "
                + "ON CONFLICT(chat, topic) DO NOTHING", ps -> {
                    ps.setString(1, chat);
                    ps.setString(2, topic.length() > 300 ? topic.substring(0, 300) : topic);
                    ps.setString(3, messageId);
                    ps.setLong(4, at.toEpochMilli());
                });
    }
}
