package com.larkops.store;

import com.larkops.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL store serves each call on its own pooled connection: a slow read does not hold up webhook dedup. */
class StorePoolIT {
    @Test
    void aSlowQueryDoesNotHoldUpEventDedup() throws Exception {
        try (Database db = Database.open(TestPostgres.get().newDatabaseUrl())) {
            ProcessedEvents events = new ProcessedEvents(db, Clock.systemUTC());
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                // a long history or prune plan: its rows are read while the webhook's event arrives
                Future<List<Boolean>> slow = reader.submit(() -> db.query("read a long history", "SELECT 1", ps -> { }, rs -> {
                    reading.countDown();
                    try {
                        return finish.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
                assertThat(reading.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(events.firstSeen("ev_during_slow_read")).isTrue();
                assertThat(new ProcessedEvents(db, Clock.systemUTC()).firstSeen("ev_during_slow_read")).as("stored, not only remembered").isFalse();
                finish.countDown();
                assertThat(slow.get()).as("the slow read was still open when dedup answered").containsExactly(true);
            } finally {
                finish.countDown();
                reader.shutdownNow();
            }
        }
    }
}
