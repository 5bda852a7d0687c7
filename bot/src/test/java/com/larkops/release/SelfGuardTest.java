package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static com.larkops.release.DeployPlannerTest.ECHO;
import static com.larkops.release.DeployPlannerTest.container;
import static com.larkops.release.DeployPlannerTest.target;
import static org.assertj.core.api.Assertions.assertThat;

/** The bot never stops itself without a successor that passed its health gate and took the traffic. */
class SelfGuardTest {
    static final Optional<String> SELF = Optional.of("echo-staging-r7");

    @Test
    void aSelfDeployRetiresTheBotOnlyAfterItsSuccessorIsHealthyAndRouted() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 8, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3, SELF);
        assertThat(SelfGuard.refusal(plan, SELF)).isEmpty();
    }

    @Test
    void aPlanThatStopsTheOnlyRunningBotIsRefused() {
        Plan stop = Plan.of("stop", LockKey.of(new ServiceName("echo"), Env.STAGING), List.of(new Step.Stop("echo-staging-r7", Duration.ofSeconds(5), "why")));
        assertThat(SelfGuard.refusal(stop, SELF)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("refused: \"stop echo-staging-r7").contains("without a healthy successor"));
        // a route without a health gate is no successor either
        Plan routeOnly = Plan.of("x", LockKey.of(new ServiceName("echo"), Env.STAGING), List.of(
                new Step.Route("echo-staging-r8", "larkops", List.of("echo-staging")),
                new Step.RetireLater("echo-staging-r7", Duration.ofSeconds(5), Duration.ofSeconds(2))));
        assertThat(SelfGuard.refusal(routeOnly, SELF)).isPresent();
        // on a host (no container of its own) nothing is the bot's
        assertThat(SelfGuard.refusal(stop, Optional.empty())).isEmpty();
    }

    @Test
    void recoveryGivesWayToThePreviousBotOnlyOnceItIsHealthy() {
        Release mine = RecoveryPlannerTest.release(8, D2, "2.0.0", Release.Outcome.IN_PROGRESS, "echo-staging-r8");
        Release previous = RecoveryPlannerTest.release(7, D1, "1.0.0", Release.Outcome.LIVE, "echo-staging-r7");
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10),
                container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, false);
        Optional<String> me = Optional.of("echo-staging-r8");
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(mine, Optional.of(previous), seen, "larkops", me, Optional.of(ECHO));
        assertThat(r.plan().describe()).isEqualTo("""
                recover release #8
                1. wait until echo-staging-r7 is healthy (/healthz, timeout 30s)
                2. route echo-staging → echo-staging-r7
                3. stop echo-staging-r8 (this bot; after the reply, kept for rollback)
                4. move tag skills/echo:staging → sha256:111111111111""");
        assertThat(SelfGuard.refusal(r.plan(), me)).isEmpty();
    }
}
