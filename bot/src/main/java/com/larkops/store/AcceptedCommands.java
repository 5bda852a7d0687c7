package com.larkops.store;

import com.larkops.command.CommandJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The command journal in the database: a row per command between its event's acknowledgement and its end.
 * Notes are queued and written by one background thread in one transaction per batch, so the request
 * thread never waits for the database; a command that is accepted and done within one batch costs no
 * write at all. Like the event ids ({@link ProcessedEvents}), only a process dying within the few ms
 * before its batch is written can lose a note; {@link #close} writes what is left.
 */
public final class AcceptedCommands implements CommandJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AcceptedCommands.class);
    private static final int MAX_BATCH = 1_000;

    private sealed interface Note permits Accepted, Started, Done {
        String eventId();
    }

    private record Accepted(String eventId, String chat, String messageId, String user, String text, long atMs) implements Note {
    }

    private record Started(String eventId) implements Note {
    }

    private record Done(String eventId) implements Note {
    }

    private final Database db;
    private final BlockingQueue<Note> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public AcceptedCommands(Database db) {
        this.db = db;
        this.writer = new Thread(this::writeLoop, "command-journal");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void accepted(String eventId, String chat, String messageId, String user, String text, Instant at) {
        note(new Accepted(eventId, chat, messageId, user, text.length() > 2000 ? text.substring(0, 2000) : text, at.toEpochMilli()));
    }

    @Override
    public void started(String eventId) {
        note(new Started(eventId));
    }

    @Override
    public void done(String eventId) {
        note(new Done(eventId));
    }

    @Override
    public List<Unfinished> takeUnfinished() {
        return db.transaction("take unfinished commands", c -> {
            List<Unfinished> out = new ArrayList<>();
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

    private void note(Note n) {
        synchronized (this) {
            if (!closed) {
                pending.add(n);
                return;
            }
        }
        write(List.of(n)); // a straggler after close: write it ourselves
    }

    private void writeLoop() {
        List<Note> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return; // close() writes what is left
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            try {
                write(batch);
            } catch (RuntimeException e) {
                log.warn("could not write {} command journal notes: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
    }

    /** Writes notes in order, dropping each command that was accepted and done within the batch. */
    private void write(List<Note> notes) {
        Map<String, List<Note>> byEvent = new LinkedHashMap<>();
        notes.forEach(n -> byEvent.computeIfAbsent(n.eventId(), k -> new ArrayList<>()).add(n));
        List<Note> net = new ArrayList<>();
        byEvent.values().forEach(ns -> {
            boolean acceptedHere = ns.stream().anyMatch(n -> n instanceof Accepted);
            boolean doneHere = ns.stream().anyMatch(n -> n instanceof Done);
            if (!(acceptedHere && doneHere)) {
                net.addAll(ns);
            }
        });
        if (net.isEmpty()) {
            return;
        }
        db.transaction("write " + net.size() + " command journal notes", c -> {
            for (Note n : net) {
                apply(c, n);
            }
            return null;
        });
    }

    private static void apply(Connection c, Note n) throws SQLException {
        if (n instanceof Accepted a) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accepted_commands(event_id, chat, message_id, user_id, "
                    + "text, accepted_ms, started) VALUES (?,?,?,?,?,?,0) ON CONFLICT(event_id) DO NOTHING")) {
                ps.setString(1, a.eventId());
                ps.setString(2, a.chat());
                ps.setString(3, a.messageId());
                ps.setString(4, a.user());
                ps.setString(5, a.text());
                ps.setLong(6, a.atMs());
                ps.executeUpdate();
            }
        } else if (n instanceof Started s) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE accepted_commands SET started=1 WHERE event_id=?")) {
                ps.setString(1, s.eventId());
                ps.executeUpdate();
            }
        } else if (n instanceof Done d) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM accepted_commands WHERE event_id=?")) {
                ps.setString(1, d.eventId());
                ps.executeUpdate();
            }
        }
    }

    /** Writes what is pending and stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Note> left = new ArrayList<>();
        pending.drainTo(left);
        write(left);
    }
}
