package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.Release;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCodecTest {
    @Test
    void aStoredPlanComesBackIdenticalStepByStep() {
        Plan plan = DeployPlanner.plan(DeployPlannerTest.target(DeployPlannerTest.D2, "2.0.0", Env.PROD), Release.Kind.DEPLOY,
                DeployPlannerTest.ECHO, "larkops", 4, "ou_dev1",
                List.of(DeployPlannerTest.container("echo-prod-r1", DeployPlannerTest.D1, Env.PROD, true, 3)), 3);
        String json = PlanCodec.toJson(plan);
        Plan back = PlanCodec.fromJson(json);
        assertThat(back).isEqualTo(plan);
        assertThat(back.describe()).isEqualTo(plan.describe());
        assertThat(json).contains("\"step\":\"Create\"").contains("/etc/larkops/echo.env").doesNotContain("irreversible").doesNotContain("onFailure").contains("\"step\":\"MoveTag\"");
    }

    @Test
    void aDeployPlanStoredByTheVersionBeforePlansHadTitlesStillRuns() {
        String old = "{\"target\":{\"service\":\"echo\",\"env\":\"PROD\",\"digest\":{\"value\":\"" + DeployPlannerTest.D2.value()
                + "\"},\"version\":\"2.0.0\",\"image\":\"reg/echo@" + DeployPlannerTest.D2.value() + "\"},\"kind\":\"DEPLOY\","
                + "\"container\":\"echo-prod-r4\",\"reusesKeptContainer\":false,\"steps\":[{\"step\":\"Start\",\"container\":\"echo-prod-r4\"},"
                + "{\"step\":\"Remove\",\"container\":\"echo-prod-r1\"}]}";
        Plan plan = PlanCodec.fromJson(old);
        assertThat(plan.describe()).isEqualTo("""
                deploy echo 2.0.0 (sha256:222222222222) to prod
                1. start echo-prod-r4
                2. remove echo-prod-r1 (beyond the kept stopped containers)""");
        assertThat(plan.lock().value()).isEqualTo("echo/prod");
        assertThat(plan.container()).isEqualTo("echo-prod-r4");
    }
}
