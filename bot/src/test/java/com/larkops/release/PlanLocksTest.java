package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.model.Env;
import com.larkops.model.LockKey;
import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way a change takes its lock: a lock let go a moment later is had; one held on is refused with its holder. */
class PlanLocksTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    static final LockKey KEY = LockKey.of(new ServiceName("echo"), Env.PROD);

    /** Held by ou_dev1 for the first {@code refusals} asks. */
    static final class LetGoAfter implements Locks {
        final AtomicInteger asked = new AtomicInteger();
        final int refusals;

        LetGoAfter(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public Optional<Holder> tryAcquire(String name, String holder) {
            return asked.incrementAndGet() <= refusals ? Optional.of(new Holder("ou_dev1", CLOCK.instant().minusSeconds(5)))
                    : Optional.empty();
        }

        @Override
        public void release(String name) {
        }
    }

    @Test
    void aLockLetGoWhileTheCallerWaitsIsHad() {
        LetGoAfter locks = new LetGoAfter(3); // the other change's final card reached Lark 150 ms later
        try (PlanLocks.Held held = new PlanLocks(locks, CLOCK, Duration.ofSeconds(2)).hold(KEY, "ou_dev2")) {
            assertThat(locks.asked).hasValue(4);
        }
    }

    @Test
    void aLockHeldOnIsRefusedWithItsHolderOnceTheGracePassed() {
        LetGoAfter locks = new LetGoAfter(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new PlanLocks(locks, CLOCK, Duration.ofMillis(200)).hold(KEY, "ou_dev2"))
                .isInstanceOf(RefusedException.class).hasMessageContaining("echo prod is being changed by");
        assertThat(locks.asked.get()).as("asked again during the grace").isGreaterThan(1);
    }

    @Test
    void noGraceRefusesAtOnce() {
        LetGoAfter locks = new LetGoAfter(1);
        assertThatThrownBy(() -> new PlanLocks(locks, CLOCK, Duration.ZERO).hold(KEY, "ou_dev2")).isInstanceOf(RefusedException.class);
        assertThat(locks.asked).hasValue(1);
    }
}
