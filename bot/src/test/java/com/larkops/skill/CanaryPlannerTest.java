package com.larkops.skill;

import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.release.Plan;
import com.larkops.release.Step;
import com.larkops.release.Target;
import com.larkops.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Canary plans on data. */
class CanaryPlannerTest {
    static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));
    static final ServiceConfig ECHO = new ServiceConfig("echo", "skills/echo", 8080, "/healthz", Optional.of(Path.of("/etc/larkops/echo.env")),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
    static final Target V2 = new Target("echo", Env.STAGING, D2, "2.0.0", "127.0.0.1:5000/skills/echo@" + D2.value());

    static ContainerState container(String name, Digest d, boolean canary, boolean running) {
        Instant t = Instant.parse("2026-11-24T12:00:00Z");
        Map<String, String> labels = canary
                ? Map.of("larkops.service", "echo", "larkops.env", "staging", "larkops.digest", d.value(), "larkops.canary", "true")
                : Map.of("larkops.service", "echo", "larkops.env", "staging", "larkops.digest", d.value());
        return new ContainerState("id-" + name, name, "img", "sha256:img", labels, running, running ? "running" : "exited",
                null, t, t, null, null, false);
    }

    @Test
    void startCreatesALabelledCanaryAndRemovesEarlierOnesOnlyOnceItIsHealthy() {
        Plan plan = CanaryPlanner.start(ECHO, V2, 30, "ou_dev1", "larkops", "echo-staging-canary-aaaaaa",
                List.of(container("echo-staging-r1", D1, false, true), container("echo-staging-canary-bbbbbb", D2, true, true)));
        assertThat(plan.describe()).isEqualTo("""
                canary echo
                1. pull 127.0.0.1:5000/skills/echo@sha256:2222222222222222222222222222222222222222222222222222222222222222
                2. create echo-staging-canary-aaaaaa (env from /etc/larkops/echo.env)
                3. start echo-staging-canary-aaaaaa
                4. wait until echo-staging-canary-aaaaaa is healthy (/healthz, timeout 30s)
                5. remove echo-staging-canary-bbbbbb (earlier canary)""");
        Step.Create create = (Step.Create) plan.steps().get(1);
        assertThat(create.labels()).containsEntry("larkops.canary", "true").containsEntry("larkops.canary-weight", "30")
                .containsEntry("larkops.release-id", "canary").containsEntry("larkops.deployed-by", "ou_dev1");
        assertThat(plan.lock().value()).isEqualTo("echo/staging");
        // everything before the removal can be undone: a canary failing its health gate leaves nothing behind
        assertThat(plan.steps().subList(0, 4)).noneMatch(Step::irreversible);
        assertThat(plan.steps().get(1).undo()).contains(new Step.Remove("echo-staging-canary-aaaaaa", "undo: it never served"));
    }

    @Test
    void abortRemovesOnlyCanaries() {
        List<Plan> plans = CanaryPlanner.abort(new ServiceName("echo"), List.of(container("echo-staging-r1", D1, false, true),
                container("echo-staging-canary-bbbbbb", D2, true, true)));
        assertThat(plans).singleElement().satisfies(p -> assertThat(p.steps())
                .containsExactly(new Step.Remove("echo-staging-canary-bbbbbb", "canary")));
        assertThat(CanaryPlanner.abort(new ServiceName("echo"), List.of(container("echo-staging-r1", D1, false, true)))).isEmpty();
    }
}
