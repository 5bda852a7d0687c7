package com.larkops.release;

import com.larkops.cards.CardSchema;
import com.larkops.cards.ChangeCard;
import com.larkops.model.Env;
import com.larkops.model.Release;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static com.larkops.release.DeployPlannerTest.ECHO;
import static com.larkops.release.DeployPlannerTest.container;
import static com.larkops.release.DeployPlannerTest.target;
import static org.assertj.core.api.Assertions.assertThat;

/** What a change's card says at its start and its end, including a change settled by recovery. */
class ChangeCardsTest {
    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");
    static final CardSchema SCHEMA = CardSchema.load();

    @Test
    void theLiveCardNamesWhatServesAfterTheChangeNotWhatServedBefore() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 8, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3);
        Release release = RecoveryPlannerTest.release(8, D2, "2.0.0", Release.Outcome.LIVE, "echo-staging-r8");
        ChangeCard c = new ChangeCard("deploy", "echo", "staging", "ou", NOW).target("2.0.0", D2.value());
        ChangeCards.started(c, plan, Optional.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)));
        ChangeCards.live(c, plan, release, com.larkops.i18n.Text.verbatim("echo 2.0.0 live in staging"), NOW);
        String text = c.render(NOW).toString();
        assertThat(text).contains("Now serving** 2.0.0 `sha256:222222222222`").doesNotContain("Now serving** v");
    }

    @Test
    void aDefinitionChangeIsShownOnTheCard() {
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY,
                DeployPlannerTest.withVolumes(ECHO, List.of("/srv:/srv")), "larkops", 8, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3);
        ChangeCard c = new ChangeCard("deploy", "echo", "staging", "ou", NOW).target("1.0.0", D1.value());
        ChangeCards.started(c, plan, Optional.empty());
        assertThat(c.render(NOW).toString()).contains("Same digest, definition changed: volumes");
    }

    @Test
    void aChangeSettledByRecoveryEndsLiveOrFailedWithTheShortDigest() {
        Release r = RecoveryPlannerTest.release(8, D2, "2.0.0", Release.Outcome.LIVE, "echo-staging-r8");
        var live = ChangeCards.recovered(r, true, com.larkops.i18n.Text.verbatim("completed"), Optional.empty(), NOW);
        assertThat(SCHEMA.validate(live)).isEmpty();
        assertThat(live.toString()).contains("live").contains("sha256:222222222222").contains("Now serving** 2.0.0");
        Release previous = RecoveryPlannerTest.release(7, D1, "1.0.0", Release.Outcome.LIVE, "echo-staging-r7");
        var failed = ChangeCards.recovered(r, false, com.larkops.i18n.Text.verbatim("undone"), Optional.of(previous), NOW);
        assertThat(SCHEMA.validate(failed)).isEmpty();
        assertThat(failed.toString()).contains("failed").contains("Now serving** 1.0.0 `sha256:111111111111`");
    }
}
