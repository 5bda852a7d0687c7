package com.larkops.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases in the store: one holder at a time, for a bounded time, renewed by its holder and taken over by
 * anyone once it ran out. Every time is the database's own clock (written and compared there), so replicas on
 * hosts whose clocks disagree still agree on who holds a lease. One upsert decides, on SQLite and PostgreSQL
 * alike: it writes only when the row is missing, already the caller's, or expired.
 */
public final class Leases {
    /** Who holds a lease, since when (database clock), and how long it has left unless renewed. */
    public record Lease(String holder, String process, Instant since, Duration left) {
    }

    private final Database db;
    private final String now;

    public Leases(Database db) {
        this.db = db;
        this.now = db.nowMillisSql();
    }

    /**
     * Takes or renews {@code name} for {@code holder} ({@code process} says where it runs, for people) for
     * {@code ttl}; true when the holder has it now, false while someone else's lease is still running.
     */
    public boolean claim(String name, String holder, String process, Duration ttl) {
        return db.update("claim lease " + name, "INSERT INTO leases(name, holder, process, since_ms, expires_ms) VALUES (?,?,?,"
                + now + "," + now + " + ?) ON CONFLICT(name) DO UPDATE SET holder=excluded.holder, process=excluded.process, "
                + "since_ms=CASE WHEN leases.holder=excluded.holder THEN leases.since_ms ELSE excluded.since_ms END, "
                + "expires_ms=excluded.expires_ms WHERE leases.holder=excluded.holder OR leases.expires_ms < " + now, ps -> {
                    ps.setString(1, name);
                    ps.setString(2, holder);
                    ps.setString(3, process);
                    ps.setLong(4, ttl.toMillis());
                }) == 1;
    }

    /** Gives {@code name} up at once if {@code holder} has it (a graceful stop): the next claimant need not wait. */
    public void release(String name, String holder) {
        db.update("release lease " + name, "DELETE FROM leases WHERE name=? AND holder=?", ps -> {
            ps.setString(1, name);
            ps.setString(2, holder);
        });
    }

    /** The unexpired lease on {@code name}, if any. */
    public Optional<Lease> current(String name) {
        return db.query("read lease " + name, "SELECT holder, process, since_ms, expires_ms - " + now + " FROM leases WHERE name=?",
                ps -> ps.setString(1, name),
                rs -> new Lease(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), Duration.ofMillis(rs.getLong(4))))
                .stream().filter(l -> !l.left().isNegative()).findFirst();
    }
}
