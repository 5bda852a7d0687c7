package com.larkops.command;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One user cannot fill the pool, and read-only traffic never leaves a change without a worker. */
class CommandLanesTest {
    final CountDownLatch hold = new CountDownLatch(1);
    final CommandLanes lanes = new CommandLanes(new CommandWorkers(1, 2), new CommandWorkers(2, 6), 3);

    @AfterEach
    void release() {
        hold.countDown();
        lanes.close();
    }

    Runnable blocked() {
        return () -> {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aUserGetsAtMostTheirShareOfALaneAndOthersStillGetIn() {
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            accepted += lanes.submit("ou_flood", false, blocked()) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(lanes.submit("ou_other", false, blocked())).isTrue();
    }

    @Test
    void aRollbackGetsInWhileReadsFillTheirLane() throws Exception {
        for (int user = 0; user < 4; user++) {
            while (lanes.submit("ou_reader" + user, false, blocked())) {
                // fill the read lane to the brim, from several users
            }
        }
        assertThat(lanes.submit("ou_reader9", false, blocked())).as("the read lane is full").isFalse();
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(lanes.submit("ou_reader0", true, ran::countDown)).isTrue();
        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the change ran while reads were stuck").isTrue();
    }

    @Test
    void aFinishedCommandGivesItsSlotBack() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lanes.submit("ou_dev1", true, done::countDown)).isTrue();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        // the slot is returned right after the work ran; wait for that positive signal
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean again = false;
        while (!again && System.nanoTime() < deadline) {
            again = lanes.submit("ou_dev1", true, () -> { });
        }
        assertThat(again).isTrue();
    }
}
