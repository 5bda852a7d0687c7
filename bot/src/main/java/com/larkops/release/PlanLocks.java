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
 * lock already held by its caller and does not ask again.
 */
public final class PlanLocks {
    private static final ThreadLocal<Set<LockKey>> HELD = ThreadLocal.withInitial(HashSet::new);

    private final Locks locks;
    private final Clock clock;

    public PlanLocks(Locks locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
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
        Optional<Locks.Holder> other = locks.tryAcquire(key.value(), holder);
        if (other.isPresent()) {
            Duration ago = Duration.between(other.get().since(), clock.instant());
            throw new RefusedException(key.describe() + " is being changed by " + com.larkops.model.Text.mention(other.get().holder()) + " since "
                    + other.get().since() + " (" + DurationText.human(ago.isNegative() ? Duration.ZERO : ago)
                    + " ago); try again when it finishes");
        }
        mine.add(key);
        return () -> {
            mine.remove(key);
            locks.release(key.value());
        };
    }

    /** Whether another live process holds {@code key} now. */
    public boolean heldByAnother(LockKey key) {
        return locks.heldByAnother(key.value());
    }
}
