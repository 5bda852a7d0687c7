package com.larkops.store;

import com.larkops.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Dedup answered from memory for repeats, written through for new ids, against a real SQLite file. */
class ProcessedEventsTest {
    @TempDir
    Path dir;

    @Test
    void anIdIsFirstSeenOnceAndIsInTheStoreAtOnce() throws Exception {
        try (Database db = Database.open(dir)) {
            ProcessedEvents events = new ProcessedEvents(db, Clock.systemUTC());
            assertThat(events.firstSeen("ev_1")).isTrue();
            assertThat(events.firstSeen("ev_1")).isFalse();
            assertThat(events.firstSeen("ev_2")).isTrue();

            assertThat(Sqlite.query(dir, "SELECT group_concat(event_id) FROM (SELECT event_id FROM processed_events ORDER BY event_id)"))
                    .isEqualTo("ev_1,ev_2");
        }
    }

    @Test
    void idsRecordedJustBeforeAStopAreStillKnownAfterTheRestart() {
        try (Database db = Database.open(dir)) {
            ProcessedEvents before = new ProcessedEvents(db, Clock.systemUTC());
            for (int i = 0; i < 500; i++) {
                assertThat(before.firstSeen("ev_" + i)).isTrue();
            }
        }
        try (Database db = Database.open(dir)) {
            ProcessedEvents after = new ProcessedEvents(db, Clock.systemUTC());
            assertThat(after.firstSeen("ev_0")).isFalse();
            assertThat(after.firstSeen("ev_499")).isFalse();
            assertThat(after.firstSeen("ev_500")).isTrue();
        }
    }

    @Test
    void twoProcessesSharingTheStoreAdmitAnIdOnce() {
        try (Database one = Database.open(dir); Database two = Database.open(dir)) {
            ProcessedEvents first = new ProcessedEvents(one, Clock.systemUTC());
            ProcessedEvents second = new ProcessedEvents(two, Clock.systemUTC()); // loaded before the id arrived
            assertThat(first.firstSeen("ev_shared")).isTrue();
            assertThat(second.firstSeen("ev_shared")).isFalse();
        }
    }

    @Test
    void concurrentDeliveriesOfOneIdAdmitExactlyOne() throws Exception {
        try (Database db = Database.open(dir)) {
            ProcessedEvents events = new ProcessedEvents(db, Clock.systemUTC());
            java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread[] threads = new Thread[8];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (events.firstSeen("ev_same")) {
                        admitted.incrementAndGet();
                    }
                });
                threads[i].start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(admitted).hasValue(1);
        }
    }
}
