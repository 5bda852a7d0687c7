package com.larkops.store;

import com.larkops.model.LockKey;
import com.larkops.release.Locks;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Service locks in the store (the SQLite file, or the PostgreSQL database that replicas share), so the bot,
 * a second replica and a shell {@code run} never deploy the same service/env at once. Taking one is a read
 * then a write inside {@link Database#transaction}, which holds the store-wide write lock. A lock is owned by a random id this process made for itself (so a restarted bot
 * with the same pid and hostname, as a restarted container has, is not mistaken for the old owner). A
 * holder heartbeats every 5 s; heartbeat ages are measured on the database's clock only (written and
 * compared there), never by comparing two hosts' wall clocks. A lock is taken over at once when its
 * owner's process is gone: the kernel dropped that owner's process mark ({@link ProcessMarks}: a SQLite store,
 * whichever container the owner ran in), or on the same host that pid is dead, or it is this pid but not one
 * of this process's ids. An owner whose mark is still locked is alive and keeps its locks, whatever its
 * heartbeat. With no mark to ask (PostgreSQL replicas on other hosts) a lock is stale after {@link #STALE}
 * without a heartbeat.
 */
public final class DbLocks implements Locks, AutoCloseable {
    static final Duration STALE = Duration.ofSeconds(30);
    /** The lock a running bot holds for its whole life, so other processes sharing the store can tell it is alive. */
    private static final String ALIVE_PREFIX = "process:";
    /** Owner ids of the lock sets alive in this process. */
    private static final Set<String> OWNERS_HERE = ConcurrentHashMap.newKeySet();

    private final Database db;
    private final Clock clock;
    /** Milliseconds since the epoch on the database's own clock (SQLite's or the shared PostgreSQL's). */
    private final String dbNowMs;
    private final String owner = UUID.randomUUID().toString();
    private final String process = ProcessHandle.current().pid() + "@" + host();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ProcessMarks marks;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public DbLocks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.dbNowMs = db.nowMillisSql();
        OWNERS_HERE.add(owner);
        // marked before any row names this owner, so no one sees its rows without its mark's lock held
        this.marks = ProcessMarks.of(db).hold(owner);
        marks.sweep(this::named, OWNERS_HERE::contains);
        heartbeat.scheduleAtFixedRate(this::beat, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public Optional<Holder> tryAcquire(String name, String holder) {
        return db.transaction("take lock " + name, c -> {
            try (var ps = c.prepareStatement("SELECT holder, owner, process, since_ms, " + dbNowMs + " - heartbeat_ms FROM locks WHERE name=?")) {
                ps.setString(1, name);
                var rs = ps.executeQuery();
                if (rs.next()) {
                    String heldBy = rs.getString(1);
                    if (!isStale(rs.getString(2), rs.getString(3), rs.getLong(5))) {
                        return Optional.of(new Holder(heldBy, Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            try (var ps = c.prepareStatement("INSERT INTO locks(name, holder, owner, process, since_ms, heartbeat_ms) "
                    + "VALUES (?,?,?,?,?," + dbNowMs + ") ON CONFLICT(name) DO UPDATE SET holder=excluded.holder, "
                    + "owner=excluded.owner, process=excluded.process, since_ms=excluded.since_ms, heartbeat_ms=excluded.heartbeat_ms")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setString(3, owner);
                ps.setString(4, process);
                ps.setLong(5, clock.millis());
                ps.executeUpdate();
            }
            held.add(name);
            return Optional.<Holder>empty();
        });
    }

    /** This process's id in the store: what its journal rows carry as their owner. */
    public String owner() {
        return owner;
    }

    /** Where this process runs ({@code pid@host}), for people reading who holds what. */
    public String process() {
        return process;
    }

    /** Whether this process holds {@code key} now (a change it runs itself). */
    public boolean heldHere(LockKey key) {
        return held.contains(key.value());
    }

    /** The bot processes sharing the store that are alive now ({@code pid@host}), this one included when it announced itself. */
    public java.util.List<String> alive() {
        return db.query("list live processes", "SELECT owner, process, " + dbNowMs + " - heartbeat_ms FROM locks WHERE name LIKE ?",
                ps -> ps.setString(1, ALIVE_PREFIX + "%"),
                rs -> isStale(rs.getString(1), rs.getString(2), rs.getLong(3)) ? "" : rs.getString(2))
                .stream().filter(p -> !p.isEmpty()).sorted().toList();
    }

    /** Holds this process's life lock (heartbeat like any lock) until {@link #close}: see {@link #isAlive}. */
    public void announceAlive() {
        tryAcquire(ALIVE_PREFIX + owner, "larkops").ifPresent(h -> {
            throw new IllegalStateException("another process already holds " + ALIVE_PREFIX + owner); // a random id: cannot happen
        });
    }

    /**
     * Whether the process with store id {@code ownerId} still runs: this one, or one whose life lock is fresh
     * (the same rules as any lock: a dead pid on this host, or 30 s without a heartbeat, is gone).
     */
    public boolean isAlive(String ownerId) {
        return owner.equals(ownerId) || heldByAnother(ALIVE_PREFIX + ownerId);
    }

    @Override
    public void release(String name) {
        held.remove(name);
        db.update("release lock " + name, "DELETE FROM locks WHERE name=? AND owner=?", ps -> {
            ps.setString(1, name);
            ps.setString(2, owner);
        });
    }

    @Override
    public boolean heldByAnother(String name) {
        return !db.query("read lock " + name, "SELECT owner, process, " + dbNowMs + " - heartbeat_ms FROM locks WHERE name=?",
                ps -> ps.setString(1, name),
                rs -> !rs.getString(1).equals(owner) && !isStale(rs.getString(1), rs.getString(2), rs.getLong(3))).stream()
                .filter(Boolean::booleanValue).toList().isEmpty();
    }

    @Override
    public java.util.Map<String, Holder> held() {
        java.util.Map<String, Holder> out = new java.util.TreeMap<>();
        db.query("list locks", "SELECT name, holder, owner, process, since_ms, " + dbNowMs + " - heartbeat_ms FROM locks", ps -> { }, rs -> {
            if (!rs.getString(1).startsWith(ALIVE_PREFIX) && !isStale(rs.getString(3), rs.getString(4), rs.getLong(6))) {
                out.put(rs.getString(1), new Holder(rs.getString(2), Instant.ofEpochMilli(rs.getLong(5))));
            }
            return null;
        });
        return out;
    }

    private boolean isStale(String ownerOf, String processOf, long heartbeatAgeMs) {
        if (ownerOf.equals(owner) || OWNERS_HERE.contains(ownerOf)) {
            return false;
        }
        ProcessMarks.Seen seen = marks.seen(ownerOf);
        if (seen != ProcessMarks.Seen.UNKNOWN) {
            return seen == ProcessMarks.Seen.GONE;
        }
        int at = processOf.indexOf('@');
        if (at > 0 && processOf.substring(at + 1).equals(host())) {
            long pid = Long.parseLong(processOf.substring(0, at));
            if (pid == ProcessHandle.current().pid()) {
                return !OWNERS_HERE.contains(ownerOf); // an earlier process that had this pid (a restarted container)
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return true;
            }
        }
        return heartbeatAgeMs > STALE.toMillis();
    }

    /**
     * Whether a service lock still names {@code ownerId} (its mark is kept until those are taken over or released;
     * its life lock does not count: that one is never taken over, and long stale by its heartbeat alone).
     */
    private boolean named(String ownerId) {
        return !db.query("find the locks of " + ownerId, "SELECT 1 FROM locks WHERE owner=? AND name NOT LIKE ? LIMIT 1", ps -> {
            ps.setString(1, ownerId);
            ps.setString(2, ALIVE_PREFIX + "%");
        }, rs -> 1).isEmpty();
    }

    private void beat() {
        for (String name : held) {
            try {
                db.update("heartbeat lock " + name, "UPDATE locks SET heartbeat_ms=" + dbNowMs + " WHERE name=? AND owner=?", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, owner);
                });
            } catch (RuntimeException e) {
                // the next beat tries again; a lock is stale only after 30 s without one
            }
        }
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(at + 1);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (String name : Set.copyOf(held)) {
            release(name);
        }
        marks.close();
        OWNERS_HERE.remove(owner);
    }
}
