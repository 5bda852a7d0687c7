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

    private record Accepted(String eventId, String chat, String messageId, String user, String text, long atMs, String owner)
            implements Note {
    }

    private record Started(String eventId) implements Note {
    }

    private record Done(String eventId) implements Note {
    }

    private final Database db;
    /** This process's store id, on every row it writes. */
    private final String owner;
    /** Whether the process that wrote a row still runs (and so may still finish that command). */
    private final java.util.function.Predicate<String> alive;
    private final BlockingQueue<Note> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** A journal for one process alone on its store: every row another process wrote is an orphan. */
    public AcceptedCommands(Database db) {
        this(db, java.util.UUID.randomUUID().toString(), owner -> false);
    }

    /**
     * A journal on a store other processes may share (replicas on PostgreSQL): rows carry {@code owner}, and
     * {@link #takeUnfinished} leaves alone the rows of processes that are {@code alive}.
     */
    public AcceptedCommands(Database db, String owner, java.util.function.Predicate<String> alive) {
        this.db = db;
        this.owner = owner;
        this.alive = alive;
        this.writer = new Thread(this::writeLoop, "command-journal");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void accepted(String eventId, String chat, String messageId, String user, String text, Instant at) {
        note(new Accepted(eventId, chat, messageId, user, text.length() > 2000 ? text.substring(0, 2000) : text, at.toEpochMilli(),
                owner));
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
        // whose rows are orphans is decided before the transaction: it reads the locks, and holds no write lock
        java.util.Set<String> owners = new java.util.HashSet<>(db.query("read command journal owners",
                "SELECT DISTINCT owner FROM accepted_commands", ps -> { }, rs -> rs.getString(1)));
        owners.removeIf(alive.or(owner::equals));
        if (owners.isEmpty()) {
            return List.of();
        }
        return db.transaction("take unfinished commands", c -> {
            List<Unfinished> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT event_id, message_id, chat, text, accepted_ms, started, owner FROM accepted_commands "
                    + "ORDER BY accepted_ms"); var rs = ps.executeQuery()) {
                List<String> taken = new ArrayList<>();
                while (rs.next()) {
                    if (owners.contains(rs.getString(7))) {
                        taken.add(rs.getString(1));
                        out.add(new Unfinished(rs.getString(2), rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)),
                                rs.getInt(6) == 1));
                    }
                }
                try (var del = c.prepareStatement("DELETE FROM accepted_commands WHERE event_id=?")) {
                    for (String eventId : taken) {
                        del.setString(1, eventId);
                        del.executeUpdate();
                    }
                }
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
                    + "text, accepted_ms, started, owner) VALUES (?,?,?,?,?,?,0,?) ON CONFLICT(event_id) DO NOTHING")) {
                ps.setString(1, a.eventId());
                ps.setString(2, a.chat());
                ps.setString(3, a.messageId());
                ps.setString(4, a.user());
                ps.setString(5, a.text());
                ps.setLong(6, a.atMs());
                ps.setString(7, a.owner());
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
