package com.larkops.store;

import com.larkops.command.CommandJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The batched command journal on a real SQLite file: what survives a stop is exactly what did not finish. */
class AcceptedCommandsTest {
    @TempDir
    Path dir;

    @Test
    void unfinishedCommandsSurviveAStopAndFinishedOnesLeaveNothing() {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        try (Database db = Database.open(dir)) {
            AcceptedCommands journal = new AcceptedCommands(db);
            journal.accepted("ev1", "oc_ops", "om_1", "ou_a", "/deploy echo 1.0.0", at);
            journal.accepted("ev2", "oc_ops", "om_2", "ou_a", "/digest", at.plusSeconds(1));
            journal.started("ev1");
            journal.done("ev2");
            journal.accepted("ev3", "oc_ops", "om_3", "ou_b", "/rollback echo", at.plusSeconds(2));
            journal.close();
        }
        try (Database db = Database.open(dir)) {
            AcceptedCommands journal = new AcceptedCommands(db);
            List<CommandJournal.Unfinished> left = journal.takeUnfinished();
            assertThat(left).extracting(CommandJournal.Unfinished::messageId).containsExactly("om_1", "om_3");
            assertThat(left.get(0).started()).isTrue();
            assertThat(left.get(0).message().in(com.larkops.i18n.Language.EN_US)).contains("interrupted");
            assertThat(left.get(1).started()).isFalse();
            assertThat(left.get(1).message().in(com.larkops.i18n.Language.EN_US)).contains("was not run because the bot stopped");
            assertThat(journal.takeUnfinished()).as("each is reported once").isEmpty();
            journal.close();
        }
    }
}
