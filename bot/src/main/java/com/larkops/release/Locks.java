package com.larkops.release;

import java.time.Instant;
import java.util.Optional;

/**
 * One lock per service+env, shared by the bot and shell commands (the store implements it durably).
 * A second deploy while one runs is refused with who holds the lock and since when.
 */
public interface Locks {
    /** Empty when acquired; otherwise who holds it. */
    Optional<Holder> tryAcquire(String name, String holder);

    void release(String name);

    /** Whether another live process holds the lock now (a fresh heartbeat, not this process). */
    default boolean heldByAnother(String name) {
        return false;
    }

    /** Every lock held now, for {@code /locks}: name → who and since when. */
    default java.util.Map<String, Holder> held() {
        return java.util.Map.of();
    }

    record Holder(String holder, Instant since) {
    }
}
