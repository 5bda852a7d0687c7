package com.larkops.release;

import com.larkops.runtime.ContainerSpec;
import com.larkops.runtime.DockerRuntime;
import com.larkops.runtime.HttpHealthProbe;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The health gate against the real engine: a container that exits is a failure at once, not at the timeout. */
class HealthGateIT {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String REPO = "ittest/gate-" + SUFFIX;
    private static final String NETWORK = "ittest-gate-" + SUFFIX;
    /** Far longer than any test waits: reaching it would mean the gate waited for the timeout. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static DockerRuntime runtime;
    private static String crashing;
    private static String healthy;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void images() {
        runtime = DockerRuntime.fromEnvironment();
        String registry = TestRegistry.get().host();
        crashing = registry + "/" + REPO + "@" + TestImages.push(registry, REPO, "crashing", "4.0.0", TestImages.Kind.CRASHING);
        healthy = registry + "/" + REPO + "@" + TestImages.push(registry, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        runtime.ensureNetwork(NETWORK);
    }

    @AfterAll
    static void cleanUp() {
        for (String image : new String[] {crashing, healthy}) {
            try {
                TestImages.run(null, "docker", "image", "rm", "-f", image);
            } catch (RuntimeException e) {
                // best effort
            }
        }
        try {
            TestImages.run(null, "docker", "network", "rm", NETWORK);
        } catch (RuntimeException e) {
            // best effort
        }
        runtime.close();
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(runtime::remove);
    }

    @Test
    void aContainerThatExitsAtOnceFailsTheGateWithItsExitCodeUnderTheRestartPolicyTheExecutorUses() {
        Optional<String> failure = gate(crashing, "unless-stopped");

        assertThat(failure).hasValueSatisfying(why -> assertThat(why).startsWith("container exited with code 3")
                .doesNotContain("not healthy within"));
    }

    @Test
    void aContainerThatExitsWithoutARestartPolicyFailsTheSameWay() {
        assertThat(gate(crashing, "no")).hasValueSatisfying(why -> assertThat(why).startsWith("container exited with code 3"));
    }

    @Test
    void aServingContainerPasses() {
        assertThat(gate(healthy, "unless-stopped")).isEmpty();
    }

    private Optional<String> gate(String image, String restartPolicy) {
        String name = "ittest-gate-" + UUID.randomUUID().toString().substring(0, 8);
        runtime.create(new ContainerSpec(name, image, Map.of(), List.of(), NETWORK, List.of(), null, null, restartPolicy));
        containers.add(name);
        HealthGate gate = new HealthGate(runtime, new HttpHealthProbe());
        runtime.start(name);
        return gate.await(new Step.AwaitHealthy(name, 8080, "/healthz", TIMEOUT, NETWORK));
    }
}
