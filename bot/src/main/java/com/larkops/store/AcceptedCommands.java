package com.larkops.store;

import com.larkops.command.CommandJournal;

import java.time.Instant;
import java.util.List;

/** The command journal in SQLite: a row per command between its event's acknowledgement and its end. */
public final class AcceptedCommands implements CommandJournal {
    private final Database db;

    public AcceptedCommands(Database db) {
        this.db = db;
    }

    @Override
    public void accepted(String eventId, String chat, String messageId, String user, String text, Instant at) {
        db.update("note accepted command", "INSERT OR IGNORE INTO accepted_commands(event_id, chat, message_id, user_id, text, accepted_ms, "
                + "started) VALUES (?,?,?,?,?,?,0)", ps -> {
                    ps.setString(1, eventId);
                    ps.setString(2, chat);
                    ps.setString(3, messageId);
                    ps.setString(4, user);
                    ps.setString(5, text.length() > 2000 ? text.substring(0, 2000) : text);
                    ps.setLong(6, at.toEpochMilli());
                });
    }

    @Override
    public void started(String eventId) {
        db.update("note command started", "UPDATE accepted_commands SET started=1 WHERE event_id=?", ps -> ps.setString(1, eventId));
    }

    @Override
    public void done(String eventId) {
        db.update("note command done", "DELETE FROM accepted_commands WHERE event_id=?", ps -> ps.setString(1, eventId));
    }

    @Override
    public List<Unfinished> takeUnfinished() {
        return db.transaction("take unfinished commands", c -> {
            List<Unfinished> out = new java.util.ArrayList<>();
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT message_id, chat, text, accepted_ms, started FROM accepted_commands ORDER BY accepted_ms")) {
                while (rs.next()) {
                    out.add(new Unfinished(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                            rs.getInt(5) == 1));
                }
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM accepted_commands");
            }
            return out;
        });
    }
}
