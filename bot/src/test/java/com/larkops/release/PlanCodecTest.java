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
}
