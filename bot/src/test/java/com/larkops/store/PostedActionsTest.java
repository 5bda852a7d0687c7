package com.larkops.store;

import com.larkops.cards.CardButtons;
import com.larkops.cards.CardJson;
import com.larkops.command.PostedButtons.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The posted buttons on a real SQLite file: current per message and value, superseded by the card's next state, durable. */
class PostedActionsTest {
    @TempDir
    Path dir;

    static Map<String, Object> card(Map<String, Object>... values) {
        List<Map<String, Object>> buttons = java.util.Arrays.stream(values).map(v -> CardJson.button(com.larkops.i18n.Text.verbatim("b"), "default", v)).toList();
        return CardJson.card(com.larkops.i18n.Text.verbatim("t"), CardJson.Colour.BLUE, com.larkops.i18n.Text.verbatim("t"), List.of(CardJson.markdown(com.larkops.i18n.Text.verbatim("x")), CardJson.panel(com.larkops.i18n.Text.verbatim("p"), false,
                List.of(CardJson.buttons(buttons)))));
    }

    @Test
    void aButtonCountsOnItsOwnMessageWithItsOwnValueUntilTheCardChanges() {
        Map<String, String> rollback = Map.of("action", "rollback", "service", "echo", "env", "prod", "release_id", "7");
        try (Database db = Database.open(dir)) {
            PostedActions posted = new PostedActions(db, Clock.systemUTC());
            Map<String, Object> first = card(Map.of("action", "rollback", "service", "echo", "env", "prod", "release_id", "7"),
                    Map.of("action", "history", "service", "echo"));
            assertThat(CardButtons.of(first)).hasSize(2);
            posted.shown("om_1", CardButtons.of(first));

            assertThat(posted.statusOf("om_1", "rollback", rollback)).isEqualTo(Status.CURRENT);
            assertThat(posted.statusOf("om_2", "rollback", rollback)).as("another message").isEqualTo(Status.NOT_POSTED);
            assertThat(posted.statusOf("om_1", "rollback", Map.of("action", "rollback", "service", "echo", "env", "prod",
                    "release_id", "6"))).as("another value").isEqualTo(Status.NOT_POSTED);
            assertThat(posted.statusOf("om_1", "approve", Map.of("action", "approve", "request_id", "apr-1"))).isEqualTo(Status.NOT_POSTED);

            posted.shown("om_1", CardButtons.of(card(Map.of("action", "history", "service", "echo"))));
            assertThat(posted.statusOf("om_1", "rollback", rollback)).isEqualTo(Status.SUPERSEDED);
            assertThat(posted.statusOf("om_1", "history", Map.of("service", "echo", "action", "history"))).isEqualTo(Status.CURRENT);
        }
        try (Database db = Database.open(dir)) {
            PostedActions reopened = new PostedActions(db, Clock.systemUTC());
            assertThat(reopened.statusOf("om_1", "history", Map.of("action", "history", "service", "echo")))
                    .as("durable").isEqualTo(Status.CURRENT);
            assertThat(reopened.purgeBefore(java.time.Instant.now().minusSeconds(3600))).isZero();
            assertThat(reopened.purgeBefore(java.time.Instant.now().plusSeconds(1))).isEqualTo(3);
            assertThat(reopened.statusOf("om_1", "history", Map.of("action", "history", "service", "echo"))).isEqualTo(Status.NOT_POSTED);
        }
    }
}
