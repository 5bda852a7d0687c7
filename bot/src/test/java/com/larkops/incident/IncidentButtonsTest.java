package com.larkops.incident;

import com.larkops.command.RefusedException;
import com.larkops.model.Env;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drift's Adopt as its button value is read back: what to adopt and what the card saw, nothing else. */
class IncidentButtonsTest {
    static final String D = "sha256:" + "ab".repeat(32);
    static final String E = "sha256:" + "cd".repeat(32);
    final IncidentButtons buttons = new IncidentButtons(null, null);

    @Test
    void theAdoptButtonCarriesWhatTheCardSaw() {
        IncidentButtons.AdoptClick click = buttons.adopt(Map.of("service", "echo", "env", "prod", "digest", D,
                "seen", "echo-byhand@" + D + ",tag:prod@" + E));
        assertThat(click.service().value()).isEqualTo("echo");
        assertThat(click.env()).isEqualTo(Env.PROD);
        assertThat(click.digest().value()).isEqualTo(D);
        assertThat(click.seen()).contains(List.of("echo-byhand@" + D, "tag:prod@" + E));
        assertThat(buttons.adopt(Map.of("service", "echo", "env", "prod", "digest", D)).seen()).isEqualTo(Optional.empty());
        // on Swarm the entries name the service and its tasks
        assertThat(buttons.adopt(Map.of("service", "echo", "env", "prod", "digest", D, "seen", "service echo-prod@" + D + ",task 1@" + D
                + ",tag:prod@-")).seen()).contains(List.of("service echo-prod@" + D, "task 1@" + D, "tag:prod@-"));
    }

    @Test
    void aForgedOrMalformedValueIsRefusedInOneLine() {
        assertThatThrownBy(() -> buttons.adopt(Map.of("service", "echo", "env", "prod", "digest", D, "seen", "x@" + D + ",--force")))
                .isInstanceOf(RefusedException.class).hasMessage("this button's record of what ran is malformed; nothing was done");
        assertThatThrownBy(() -> buttons.adopt(Map.of("service", "echo", "env", "moon", "digest", D))).isInstanceOf(RefusedException.class);
        assertThatThrownBy(() -> buttons.adopt(Map.of("service", "echo", "env", "prod", "digest", "latest")))
                .isInstanceOf(RefusedException.class);
    }
}
