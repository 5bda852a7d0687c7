package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.model.Env;
import com.larkops.model.Release;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static com.larkops.release.DeployPlannerTest.D3;
import static com.larkops.release.DeployPlannerTest.ECHO;
import static com.larkops.release.DeployPlannerTest.container;
import static com.larkops.release.DeployPlannerTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drift's Adopt on data: what it takes on, and a record plan that creates, starts and stops nothing. */
class AdoptPlannerTest {
    static final Optional<Release> LARKOPS_D1 = Optional.of(new Release(4, new com.larkops.model.ServiceName("echo"), Env.PROD, "1.0.0", D1, "", Release.Kind.DEPLOY,
            "ou_dev1", "oc_ops", Instant.parse("2026-12-01T00:00:00Z"), Optional.empty(), Release.Outcome.LIVE, "", "echo-prod-r4",
            Optional.empty(), Optional.empty()));

    @Test
    void aReplacedContainerIsRecordedNotReplaced() {
        Plan plan = AdoptPlanner.record(target(D2, "2.0.0", Env.PROD), ECHO, "larkops",
                List.of(container("echo-prod-r4", D1, Env.PROD, false, 20), container("echo-by-hand", D2, Env.PROD, true, 5)),
                Optional.of(D1));
        assertThat(plan.describe()).isEqualTo("""
                adopt echo 2.0.0 (sha256:222222222222) in prod: record echo-by-hand, which runs it already (nothing started or stopped)
                1. wait until echo-by-hand is healthy (/healthz, timeout 30s)
                2. route echo-prod, echo → echo-by-hand
                3. move tag skills/echo:prod → sha256:222222222222""");
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.Create || s instanceof Step.Start || s instanceof Step.Pull
                || s instanceof Step.Retire || s instanceof Step.Stop || s instanceof Step.Remove || s instanceof Step.RetireLater);
        assertThat(plan.kind()).isEqualTo(Release.Kind.ADOPT);
        assertThat(plan.container()).as("the release row's container is the one that runs").isEqualTo("echo-by-hand");
    }

    @Test
    void theTagStaysWhenItNamesTheAdoptedDigestAlready() {
        Plan plan = AdoptPlanner.record(target(D2, "2.0.0", Env.PROD), ECHO, "larkops",
                List.of(container("echo-by-hand", D2, Env.PROD, true, 5)), Optional.of(D2));
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.MoveTag);
    }

    @Test
    void whatRunsIsRecordedAndOnlyATagIsDeployed() {
        assertThat(AdoptPlanner.way(target(D2, "2.0.0", Env.PROD), true, Optional.of(D1), LARKOPS_D1)).isEqualTo(AdoptPlanner.Way.RECORD);
        assertThat(AdoptPlanner.way(target(D2, "2.0.0", Env.PROD), true, Optional.of(D2), Optional.empty())).isEqualTo(AdoptPlanner.Way.RECORD);
        assertThat(AdoptPlanner.way(target(D2, "2.0.0", Env.PROD), false, Optional.of(D2), LARKOPS_D1)).isEqualTo(AdoptPlanner.Way.DEPLOY);
    }

    @Test
    void nothingToAdoptOnceTheDriftIsGoneOrItIsLarkopsOwn() {
        assertThatThrownBy(() -> AdoptPlanner.way(target(D3, "3.0.0", Env.PROD), false, Optional.of(D2), LARKOPS_D1))
                .isInstanceOf(RefusedException.class).hasMessage("echo prod: sha256:333333333333 neither runs there nor is what the prod "
                        + "tag names now: nothing to adopt (the drift changed; a newer card says what it is now)");
        assertThatThrownBy(() -> AdoptPlanner.way(target(D1, "1.0.0", Env.PROD), true, Optional.of(D2), LARKOPS_D1))
                .isInstanceOf(RefusedException.class).hasMessageContaining("larkops' own release 1.0.0");
        assertThatThrownBy(() -> AdoptPlanner.record(target(D3, "3.0.0", Env.PROD), ECHO, "larkops",
                List.of(container("echo-by-hand", D2, Env.PROD, true, 5)), Optional.of(D2))).isInstanceOf(RefusedException.class);
    }

    @Test
    void theAdoptPlanIsStoredAndReplayedExactly() {
        Plan plan = AdoptPlanner.record(target(D2, "2.0.0", Env.PROD), ECHO, "larkops",
                List.of(container("echo-by-hand", D2, Env.PROD, true, 5)), Optional.of(D1));
        Plan back = PlanCodec.fromJson(PlanCodec.toJson(plan));
        assertThat(back.describe()).isEqualTo(plan.describe());
        assertThat(back.kind()).isEqualTo(Release.Kind.ADOPT);
        assertThat(back.container()).isEqualTo("echo-by-hand");
    }

    @Test
    void onSwarmTheRecordWaitsForEveryTaskOnTheDigestAndUpdatesNothing() {
        String byHand = "127.0.0.1:5000/skills/echo@" + D2.value();
        Plan plan = AdoptPlanner.recordSwarm(target(D2, "2.0.0", Env.PROD), ECHO, SwarmPlannerTest.SWARM,
                Optional.of(SwarmPlannerTest.running(byHand, "completed")), Optional.of(D1));
        assertThat(plan.steps()).hasSize(2).noneMatch(s -> s instanceof Step.UpdateService);
        assertThat(plan.steps().get(0)).isInstanceOf(Step.AwaitConverged.class);
        assertThat(plan.steps().get(1).describe()).isEqualTo("move tag skills/echo:prod → sha256:222222222222");
        assertThat(plan.container()).isEqualTo("echo-prod");
        assertThat(AdoptPlanner.recordsOnly(plan)).isTrue();
        assertThat(AdoptPlanner.recordsOnly(DeployPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.ADOPT, ECHO, "larkops", 9,
                "ou_dev1", List.of(), 3))).as("a moved tag's adopt deploys").isFalse();
    }
}
