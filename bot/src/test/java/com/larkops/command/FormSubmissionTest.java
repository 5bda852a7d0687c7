package com.larkops.command;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A form's fields become exactly the typed command, validated like typed input. */
class FormSubmissionTest {
    @Test
    void deployBuildsTheTypedCommand() {
        assertThat(FormSubmission.command("deploy", Map.of("service", "echo", "version", "1.4.2", "env", "staging")))
                .isEqualTo("/deploy echo 1.4.2 staging");
        assertThat(FormSubmission.command("deploy", Map.of("service", "echo", "version", "echo:1.4.2_git.abcdef1", "env", "prod")))
                .isEqualTo("/deploy echo 1.4.2_git.abcdef1 prod");
    }

    @Test
    void aVersionOfAnotherServiceIsRefused() {
        assertThatThrownBy(() -> FormSubmission.command("deploy", Map.of("service", "echo", "version", "web:1.0.0", "env", "prod")))
                .isInstanceOf(UsageException.class).hasMessage("version 1.0.0 is one of web's, not of echo; pick a version of echo");
    }

    @Test
    void fieldsCannotSmuggleWordsOrCommands() {
        for (String bad : new String[]{"echo prod", "echo\n/prune --apply", "", "-rf", "echo;x", "<at id=all></at>"}) {
            assertThatThrownBy(() -> FormSubmission.command("deploy", Map.of("service", bad, "version", "1.0.0", "env", "staging")))
                    .as(bad).isInstanceOf(UsageException.class);
        }
        assertThatThrownBy(() -> FormSubmission.command("deploy", Map.of("service", "echo", "version", "1.0.0", "env", "dev")))
                .isInstanceOf(UsageException.class).hasMessageContaining("staging or prod");
        assertThatThrownBy(() -> FormSubmission.command("nuke", Map.of())).isInstanceOf(UsageException.class);
    }

    @Test
    void rollbackAndDigest() {
        assertThat(FormSubmission.command("rollback", Map.of("service", "echo", "env", "prod"))).isEqualTo("/rollback echo prod");
        assertThat(FormSubmission.command("digest", Map.of("service", "all"))).isEqualTo("/digest all");
    }

    @Test
    void freezeTakesThePickersTimeInUtcAndOneLineOfReason() {
        assertThat(FormSubmission.command("freeze", Map.of("service", "all", "env", "prod", "until", "2026-12-08 10:00 +0800",
                "reason", "db migration\nstep 2"))).isEqualTo("/freeze all prod until 2026-12-08T02:00Z db migration step 2");
        assertThat(FormSubmission.command("freeze", Map.of("service", "echo", "env", "all", "until", "2026-12-08 10:00",
                "reason", "x"))).isEqualTo("/freeze echo until 2026-12-08T10:00Z x");
        assertThatThrownBy(() -> FormSubmission.command("freeze", Map.of("service", "echo", "env", "all", "until", "tomorrow",
                "reason", "x"))).isInstanceOf(UsageException.class).hasMessageContaining("not a date and time");
        assertThatThrownBy(() -> FormSubmission.command("freeze", Map.of("service", "echo", "env", "all", "until", "2026-12-08 10:00",
                "reason", "  "))).isInstanceOf(UsageException.class).hasMessage("a freeze needs a reason");
    }
}
