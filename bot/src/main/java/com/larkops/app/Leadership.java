package com.larkops.app;

import com.larkops.store.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which replica runs the background work (follow polls, soak catch-up, approval expiry, prune schedules, crash
 * recovery): the holder of the {@code leader} lease in the shared store. The lease is renewed every third of
 * its length; when its holder dies (kill -9, a lost host) it runs out and the next replica to ask takes it, so
 * a follower leads at most {@code lease + lease/3} after the leader's last renewal. A SQLite store belongs to
 * one host and one bot: that bot always leads. Commands and clicks are served by every replica regardless.
 *
 * <p>A lease rather than a PostgreSQL advisory lock: it works the same on SQLite, it lives in no particular
 * pooled connection (HikariCP may retire one at any time, which would drop a session lock silently), and
 * its bound is the configured length rather than however long TCP takes to notice a dead peer.
 */
final class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    static final String LEASE = "leader";

    private final Optional<Leases> leases;
    private final String me;
    private final String process;
    private final Duration lease;
    private final Runnable onLead;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean leads;
    private volatile long lastRenewedNanos;

    /**
     * {@code leases} empty: the one bot of a SQLite store, which always leads. {@code onLead} runs on the
     * renewal thread each time this replica becomes leader; it must hand long work to another thread.
     */
    Leadership(Optional<Leases> leases, String me, String process, Duration lease, Runnable onLead) {
        this.leases = leases;
        this.me = me;
        this.process = process;
        this.lease = lease;
        this.onLead = onLead;
    }

    /** Asks once now (so a lone bot leads before it serves), then renews or asks again every third of the lease. */
    Leadership start() {
        tick();
        long every = Math.max(100, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    boolean leads() {
        return leads;
    }

    /** One line for people: who leads and since when, this replica or another. */
    String describe() {
        if (leases.isEmpty()) {
            return "this bot leads (one store file, one bot)";
        }
        return leases.get().current(LEASE)
                .map(l -> "leader " + l.process() + (l.holder().equals(me) ? " (this replica)" : "") + " since " + l.since()
                        + ", lease " + lease.toSeconds() + " s")
                .orElse("no leader now (the lease ran out; the next replica to ask takes it)");
    }

    private void tick() {
        boolean now;
        try {
            now = leases.map(l -> l.claim(LEASE, me, process, lease)).orElse(true);
            if (now) {
                lastRenewedNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            // the store is away: the lease may still be ours until it runs out, never longer
            now = leads && System.nanoTime() - lastRenewedNanos < lease.toNanos() * 2 / 3; // a margin for the round trip
            log.warn("leader lease not renewed: {}", e.getMessage());
        }
        boolean was = leads;
        leads = now;
        if (now && !was) {
            log.info("this replica ({}) leads the background work now", process);
            try {
                onLead.run();
            } catch (RuntimeException e) {
                log.warn("taking over the background work failed: {}", e.getMessage());
            }
        } else if (!now && was) {
            log.warn("this replica ({}) no longer leads: another replica took the lease", process);
        }
    }

    /** Stops renewing and gives the lease up, so another replica leads at its next ask rather than after expiry. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (leads) {
            leads = false;
            try {
                leases.ifPresent(l -> l.release(LEASE, me));
            } catch (RuntimeException e) {
                log.warn("leader lease not given up (it runs out by itself): {}", e.getMessage());
            }
        }
    }
}
