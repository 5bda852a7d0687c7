package com.larkops.store;

import com.larkops.release.Locks;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Service locks in the shared SQLite file, so the bot and a shell {@code run} never deploy the same
 * service/env at once. A holder heartbeats every few seconds; a lock whose owner process is gone (same
 * host, pid not alive) or whose heartbeat is older than {@link #STALE} is taken over.
 */
public final class DbLocks implements Locks, AutoCloseable {
    static final Duration STALE = Duration.ofSeconds(30);

    private final Database db;
    private final Clock clock;
    private final String owner;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public DbLocks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.owner = ProcessHandle.current().pid() + "@" + host();
        heartbeat.scheduleAtFixedRate(this::beat, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public Optional<Holder> tryAcquire(String name, String holder) {
        return db.transaction("take lock " + name, c -> {
            long now = clock.millis();
            try (var ps = c.prepareStatement("SELECT holder, owner, since_ms, heartbeat_ms FROM locks WHERE name=?")) {
                ps.setString(1, name);
                var rs = ps.executeQuery();
                if (rs.next()) {
                    String heldBy = rs.getString(1);
                    String ownerOf = rs.getString(2);
                    long since = rs.getLong(3);
                    long beat = rs.getLong(4);
                    if (!isStale(ownerOf, beat, now)) {
                        return Optional.of(new Holder(heldBy, Instant.ofEpochMilli(since)));
                    }
                }
            }
            try (var ps = c.prepareStatement("INSERT OR REPLACE INTO locks(name, holder, owner, since_ms, heartbeat_ms) VALUES (?,?,?,?,?)")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setString(3, owner);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            held.add(name);
            return Optional.<Holder>empty();
        });
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
        long now = clock.millis();
        return !db.query("read lock " + name, "SELECT owner, heartbeat_ms FROM locks WHERE name=?", ps -> ps.setString(1, name),
                rs -> !rs.getString(1).equals(owner) && !isStale(rs.getString(1), rs.getLong(2), now)).stream()
                .filter(Boolean::booleanValue).toList().isEmpty();
    }

    @Override
    public java.util.Map<String, Holder> held() {
        long now = clock.millis();
        java.util.Map<String, Holder> out = new java.util.TreeMap<>();
        db.query("list locks", "SELECT name, holder, owner, since_ms, heartbeat_ms FROM locks", ps -> { }, rs -> {
            if (!isStale(rs.getString(3), rs.getLong(5), now)) {
                out.put(rs.getString(1), new Holder(rs.getString(2), Instant.ofEpochMilli(rs.getLong(4))));
            }
            return null;
        });
        return out;
    }

    private boolean isStale(String ownerOf, long heartbeatMs, long now) {
        if (ownerOf.equals(owner)) {
            return false;
        }
        int at = ownerOf.indexOf('@');
        if (at > 0 && ownerOf.substring(at + 1).equals(host())) {
            long pid = Long.parseLong(ownerOf.substring(0, at));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return true;
            }
        }
        return now - heartbeatMs > STALE.toMillis();
    }

    private void beat() {
        for (String name : held) {
            try {
                db.update("heartbeat lock " + name, "UPDATE locks SET heartbeat_ms=? WHERE name=? AND owner=?", ps -> {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, name);
                    ps.setString(3, owner);
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
    }
}
