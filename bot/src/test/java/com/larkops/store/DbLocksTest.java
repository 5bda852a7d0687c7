package com.larkops.store;

import com.larkops.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Locks recover from dead owners, on a real SQLite file, without judging ages by two hosts' wall clocks. */
class DbLocksTest {
    static final String NOW = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)";
    static final String HERE = ManagementFactory.getRuntimeMXBean().getName(); // pid@host of this JVM

    @Test
    void aLockLeftByAnEarlierProcessWithThisPidAndHostIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir)) {
            // what a bot killed in its container leaves behind; the restarted container's bot has the same pid and hostname
            leftBehind(dir, "echo/prod", "ou_dev1", "id-of-the-dead-bot", HERE, 0);
            try (DbLocks restarted = new DbLocks(db, Clock.systemUTC())) {
                assertThat(restarted.tryAcquire("echo/prod", "ou_dev2")).isEmpty();
                assertThat(Sqlite.query(dir, "SELECT holder FROM locks WHERE name='echo/prod'")).isEqualTo("ou_dev2");
            }
        }
    }

    @Test
    void aLiveHolderInThisProcessKeepsItsLockAndReleasesIt(@TempDir Path dir) {
        try (Database db = Database.open(dir); DbLocks bot = new DbLocks(db, Clock.systemUTC());
             DbLocks other = new DbLocks(db, Clock.systemUTC())) {
            assertThat(bot.tryAcquire("echo/staging", "ou_dev1")).isEmpty();
            assertThat(other.tryAcquire("echo/staging", "ou_dev2")).hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("ou_dev1"));
            assertThat(other.heldByAnother("echo/staging")).isTrue();
            bot.release("echo/staging");
            assertThat(other.tryAcquire("echo/staging", "ou_dev2")).isEmpty();
        }
    }

    @Test
    void anOwnerOnAnotherHostKeepsItUntilItsHeartbeatIsOlderThanThirtySecondsOnTheDatabaseClock(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir); DbLocks locks = new DbLocks(db, Clock.systemUTC())) {
            leftBehind(dir, "echo/prod", "ou_dev1", "id-elsewhere", "1@some-other-host", 10_000);
            assertThat(locks.tryAcquire("echo/prod", "ou_dev2")).hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("ou_dev1"));
            assertThat(locks.heldByAnother("echo/prod")).isTrue();
            Sqlite.update(dir, "UPDATE locks SET heartbeat_ms=" + NOW + " - 31000 WHERE name='echo/prod'");
            assertThat(locks.heldByAnother("echo/prod")).isFalse();
            assertThat(locks.tryAcquire("echo/prod", "ou_dev2")).isEmpty();
        }
    }

    static void leftBehind(Path dir, String name, String holder, String owner, String process, long heartbeatAgeMs) throws Exception {
        Sqlite.update(dir, "INSERT INTO locks(name, holder, owner, process, since_ms, heartbeat_ms) VALUES ('" + name + "','" + holder
                + "','" + owner + "','" + process + "'," + System.currentTimeMillis() + "," + NOW + " - " + heartbeatAgeMs + ")");
    }
}
