package com.larkops.release;

import com.larkops.config.RetentionPolicy;
import com.larkops.config.ServiceConfig;
import com.larkops.config.SwarmServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.runtime.SwarmService;
import com.larkops.runtime.SwarmSpec;
import com.larkops.signature.VerifyPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static com.larkops.release.DeployPlannerTest.ECHO;
import static com.larkops.release.DeployPlannerTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwarmPlannerTest {
    static final SwarmServiceConfig SWARM = new SwarmServiceConfig(3, 1, List.of("node.labels.env==prod"),
            List.of("CMD", "/bin/busybox", "sh", "-c", "true"), Duration.ofSeconds(2), 3, Duration.ofSeconds(5));

    static SwarmService running(String image, String state) {
        return new SwarmService("id1", "echo-prod", 42, image, Map.of(), 3, Optional.ofNullable(state), "", Optional.empty());
    }

    @Test
    void anUpdatePinsTheDigestAndRemembersWhatRanBefore() {
        String before = "127.0.0.1:5000/skills/echo@" + D1.value();
        Plan plan = SwarmPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.DEPLOY, ECHO, SWARM, 7, "ou_dev1",
                Optional.of(running(before, "completed")));
        assertThat(plan.describe()).isEqualTo("""
                deploy echo 2.0.0 (%s) to prod
                1. update Swarm service echo-prod to 127.0.0.1:5000/skills/echo@%s (3 replica(s), start-first, 1 at a time, \
                health-gated, engine rolls back on failure, on node.labels.env==prod)
                2. wait until every task of echo-prod runs %s (timeout 6m)""".formatted(D2.shortForm(), D2.value(),
                D2.value().substring(0, 19)));
        // timeout: 3 batches × (monitor 25 s + health_timeout 30 s), twice (update and the engine's rollback), + 30 s
        Step.UpdateService u = (Step.UpdateService) plan.steps().get(0);
        assertThat(u.labels()).containsEntry("larkops.digest", D2.value()).containsEntry("larkops.release-id", "7")
                .containsEntry("larkops.deployed-by", "ou_dev1");
        assertThat(u.envFile()).isEqualTo("/etc/larkops/echo.env");
        // monitor ≥ start period + (interval + probe timeout) × retries, with one probe of slack
        assertThat(u.monitor()).isEqualTo(Duration.ofSeconds(5 + (2 + 3) * 4));
        assertThat(((Step.AwaitConverged) plan.steps().get(1)).previousImage()).isEqualTo(before);
        assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    }

    @Test
    void anApprovedPlanGoesBackToTheServiceAsItIsWhenItRunsAndChangesNothingElse() {
        String atRequest = "127.0.0.1:5000/skills/echo@" + D1.value();
        Plan plan = SwarmPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.DEPLOY, ECHO, SWARM, 7, "ou_dev1",
                Optional.of(running(atRequest, "completed")));
        String atRun = "127.0.0.1:5000/skills/echo@sha256:" + "3".repeat(64);
        Plan toRun = SwarmPlanner.undoingTo(plan, Optional.of(running(atRun, "completed")));
        assertThat(((Step.UpdateService) toRun.steps().get(0)).undo()).contains(new Step.RestoreService("echo-prod", atRun));
        assertThat(((Step.AwaitConverged) toRun.steps().get(1)).previousImage()).isEqualTo(atRun);
        assertThat(toRun.describe()).isEqualTo(plan.describe());
        assertThat(toRun.rollout()).isEqualTo(plan.rollout());
        assertThat(((Step.UpdateService) SwarmPlanner.undoingTo(plan, Optional.empty()).steps().get(0)).previousImage()).isNull();
    }

    @Test
    void memoryCpusAndVolumesOfTheServiceGoIntoTheUpdate() {
        ServiceConfig limited = new ServiceConfig("echo", "skills/echo", 8080, "/healthz", Optional.empty(), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Optional.of(128L * 1024 * 1024), Optional.of(0.25), Duration.ofSeconds(10),
                RetentionPolicy.DEFAULT, false, List.of(), Duration.ofSeconds(5), "reader", List.of("/srv/echo:/data:ro"),
                VerifyPolicy.NONE);
        Plan plan = SwarmPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, limited, SWARM, 1, "ou_dev1", Optional.empty());
        Step.UpdateService u = (Step.UpdateService) plan.steps().get(0);
        assertThat(u.memoryBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(u.cpus()).isEqualTo(0.25);
        assertThat(u.volumes()).containsExactly("/srv/echo:/data:ro");
        assertThat(u.describe()).endsWith(", memory 134217728 bytes, cpus 0.25, volumes /srv/echo:/data:ro)");
        assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
        SwarmSpec spec = SwarmSteps.spec(u, Map.of());
        assertThat(spec.memoryBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(spec.cpus()).isEqualTo(0.25);
        assertThat(spec.binds()).containsExactly("/srv/echo:/data:ro");
    }

    @Test
    void aPlanStoredBeforeSwarmTookLimitsStillReads() {
        Plan plan = SwarmPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, SWARM, 1, "ou_dev1", Optional.empty());
        String old = PlanCodec.toJson(plan).replace(",\"memoryBytes\":null", "").replace(",\"cpus\":null", "")
                .replace(",\"volumes\":[]", "");
        assertThat(old).doesNotContain("memoryBytes").doesNotContain("volumes");
        assertThat(PlanCodec.fromJson(old)).isEqualTo(plan);
    }

    @Test
    void aFirstDeployCreatesTheServiceAndHasNothingToReturnTo() {
        Plan plan = SwarmPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, SWARM, 1, "ou_dev1", Optional.empty());
        assertThat(plan.container()).isEqualTo("echo-staging");
        assertThat(((Step.AwaitConverged) plan.steps().get(1)).previousImage()).isNull();
    }

    @Test
    void theSameDigestSettledIsNothingToDoButAnUnsettledUpdateIsRetried() {
        String same = "127.0.0.1:5000/skills/echo@" + D2.value();
        assertThatThrownBy(() -> SwarmPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.DEPLOY, ECHO, SWARM, 2, "u",
                Optional.of(running(same, "completed")))).isInstanceOf(DeployPlanner.NothingToDo.class);
        assertThat(SwarmPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.ROLLBACK, ECHO, SWARM, 2, "u",
                Optional.of(running(same, "updating"))).steps()).hasSize(2);
    }
}
