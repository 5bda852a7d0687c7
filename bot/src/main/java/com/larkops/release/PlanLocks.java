package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.model.DurationText;
import com.larkops.model.LockKey;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one way a change takes its lock, with the one refusal message. Re-entrant on the same thread: a
 * deployer that holds the service/env lock while it plans hands the plan to the executor, which finds the
 * lock already held by its caller and does not ask again. A lock found taken is asked for again for a moment
 * ({@link #GRACE}) before the refusal: a change that has ended keeps its lock until its final card reached Lark (so
 * a crash in between is finished by recovery, not raced), and a user who acts on that card at once must not be told
 * the service is still being changed.
 */
public final class PlanLocks {
    private static final ThreadLocal<Set<LockKey>> HELD = ThreadLocal.withInitial(HashSet::new);

    /** How long a change waits for a taken lock before it is refused. */
    public static final Duration GRACE = Duration.ofSeconds(2);
    private static final long RETRY_MS = 50;

    private final Locks locks;
    private final Clock clock;
    private final Duration grace;

    public PlanLocks(Locks locks, Clock clock) {
        this(locks, clock, GRACE);
    }

    /** With another wait for a taken lock (zero: refuse at once). */
    public PlanLocks(Locks locks, Clock clock, Duration grace) {
        this.locks = locks;
        this.clock = clock;
        this.grace = grace;
    }

    /** A held lock; closing it releases it (a re-entrant hold releases nothing). */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes {@code key} for {@code holder}, or refuses with who holds it and since when. */
    public Held hold(LockKey key, String holder) {
        Set<LockKey> mine = HELD.get();
        if (mine.contains(key)) {
            return () -> { };
        }
        Optional<Locks.Holder> other = acquire(key, holder);
        if (other.isPresent()) {
            Duration ago = Duration.between(other.get().since(), clock.instant());
            throw new RefusedException(com.larkops.i18n.Msg.of("release.lock.busy", key.describe(), com.larkops.model.Text.mention(other.get().holder()),
                    other.get().since(), DurationText.human(ago.isNegative() ? Duration.ZERO : ago)));
        }
        mine.add(key);
        return () -> {
            mine.remove(key);
            locks.release(key.value());
        };
    }

    /** Tries for the lock until it is had or {@link #grace} passed (real time: a test's clock does not move by itself). */
    private Optional<Locks.Holder> acquire(LockKey key, String holder) {
        long deadline = System.nanoTime() + grace.toNanos();
        Optional<Locks.Holder> other = locks.tryAcquire(key.value(), holder);
        while (other.isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return other;
            }
            other = locks.tryAcquire(key.value(), holder);
        }
        return other;
    }

    /** Whether another live process holds {@code key} now. */
    public boolean heldByAnother(LockKey key) {
        return locks.heldByAnother(key.value());
    }
}
