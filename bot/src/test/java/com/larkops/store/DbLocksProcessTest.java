package com.larkops.store;

import com.larkops.testing.Sqlite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lock whose holder runs in another container (another hostname, so its pid says nothing here) on the same
 * SQLite file, as the old bot of a self-deploy: while the holder lives it keeps the lock whatever its heartbeat;
 * once it is killed -9 the lock is taken over at once, not after 30 s without a heartbeat (issue #30's kill cases).
 */
class DbLocksProcessTest {
    private Process holder;

    @AfterEach
    void kill() {
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    @Test
    void aHolderInAnotherContainerKeepsItsLockWhileItLivesAndLosesItTheMomentItIsKilled(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir); DbLocks bot = new DbLocks(db, Clock.systemUTC())) {
            String owner = startHolder(dir, "larkops/staging");
            // what a bot in another container wrote: its pid and hostname mean nothing on this host
            Sqlite.update(dir, "UPDATE locks SET process='1@0123456789ab' WHERE owner='" + owner + "'");

            assertThat(bot.tryAcquire("larkops/staging", "larkops:recovery")).hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("ou_dev1"));
            // alive, however old its heartbeat: never stolen from a live holder
            Sqlite.update(dir, "UPDATE locks SET heartbeat_ms=heartbeat_ms - 120000 WHERE owner='" + owner + "'");
            assertThat(bot.heldByAnother("larkops/staging")).isTrue();
            Sqlite.update(dir, "UPDATE locks SET heartbeat_ms=" + DbLocksTest.NOW + " WHERE owner='" + owner + "'");

            holder.destroyForcibly().waitFor(); // SIGKILL: no close(), no release, the heartbeat row as fresh as it was
            assertThat(Sqlite.query(dir, "SELECT owner FROM locks WHERE name='larkops/staging'")).isEqualTo(owner);
            assertThat(bot.heldByAnother("larkops/staging")).isFalse();
            assertThat(bot.tryAcquire("larkops/staging", "larkops:recovery")).isEmpty();
            assertThat(Sqlite.query(dir, "SELECT holder FROM locks WHERE name='larkops/staging'")).isEqualTo("larkops:recovery");
        }
    }

    @Test
    void theMarkOfAProcessThatIsGoneAndNamedByNoLockIsSweptAtTheNextStart(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir)) {
            String owner = startHolder(dir, "echo/staging");
            holder.destroyForcibly().waitFor();
            // its service lock taken over or released; its life lock row stays (never taken over) and does not keep the mark
            Sqlite.update(dir, "DELETE FROM locks WHERE owner='" + owner + "' AND name='echo/staging'");
            assertThat(Sqlite.query(dir, "SELECT count(*) FROM locks WHERE owner='" + owner + "'")).isEqualTo("1");
            assertThat(dir.resolve("processes").resolve(owner)).exists();
            try (DbLocks next = new DbLocks(db, Clock.systemUTC())) {
                assertThat(dir.resolve("processes").resolve(owner)).doesNotExist();
                assertThat(dir.resolve("processes").resolve(next.owner())).exists();
            }
        }
    }

    private String startHolder(Path dir, String lock) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString(), lock)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine();
        assertThat(line).startsWith("held ");
        return line.substring("held ".length());
    }
}
