package com.larkops.skill;

import com.larkops.model.Labels;
import com.larkops.model.ServiceName;
import com.larkops.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SkillRouteTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);

    static ContainerState container(String name, String env, String digest, boolean running, Integer canaryWeight, long started) {
        Map<String, String> labels = new HashMap<>(Map.of(Labels.SERVICE, "echo", Labels.ENV, env, Labels.DIGEST, digest,
                Labels.VERSION, "v-" + digest.substring(7, 8)));
        if (canaryWeight != null) {
            labels.put(Labels.CANARY, "true");
            labels.put(Labels.CANARY_WEIGHT, String.valueOf(canaryWeight));
        }
        return new ContainerState(name, name, "img", "id", labels, running, running ? "running" : "exited", null,
                Instant.EPOCH, Instant.ofEpochSecond(started), null, null, false);
    }

    @Test
    void servesFromProdWhenProdRunsElseStaging() {
        var staging = container("echo-staging-r1", "staging", D1, true, null, 1);
        var prod = container("echo-prod-r2", "prod", D2, true, null, 2);
        assertThat(SkillRoute.of(new ServiceName("echo"), List.of(staging, prod)).live().orElseThrow().container()).isEqualTo("echo-prod-r2");
        assertThat(SkillRoute.of(new ServiceName("echo"), List.of(staging)).live().orElseThrow().container()).isEqualTo("echo-staging-r1");
        assertThat(SkillRoute.of(new ServiceName("echo"), List.of(container("x", "prod", D2, false, null, 1))).live()).isEmpty();
        assertThat(SkillRoute.of(new ServiceName("other"), List.of(staging)).live()).isEmpty();
    }

    @Test
    void aCanaryIsNeverTheLiveOneAndOnlyCountsInTheServingEnv() {
        var live = container("echo-prod-r2", "prod", D2, true, null, 1);
        var canary = container("echo-prod-canary-a", "prod", D3, true, 30, 5);
        var stagingCanary = container("echo-staging-canary-b", "staging", D1, true, 30, 6);
        SkillRoute route = SkillRoute.of(new ServiceName("echo"), List.of(live, canary, stagingCanary));
        assertThat(route.live().orElseThrow().container()).isEqualTo("echo-prod-r2");
        assertThat(route.canary().orElseThrow().container()).isEqualTo("echo-prod-canary-a");
        assertThat(route.canary().orElseThrow().weight()).isEqualTo(30);
        assertThat(SkillRoute.of(new ServiceName("echo"), List.of(canary)).choose("ou_x")).isEmpty();
    }

    @Test
    void usersStickToOneVersionAndTheShareIsRoughlyTheWeight() {
        SkillRoute route = SkillRoute.of(new ServiceName("echo"), List.of(container("l", "prod", D1, true, null, 1),
                container("c", "prod", D2, true, 25, 2)));
        long toCanary = IntStream.range(0, 4000).mapToObj(i -> "ou_" + i)
                .filter(u -> route.choose(u).orElseThrow().canary()).count();
        assertThat(toCanary).isBetween(850L, 1150L);
        for (int i = 0; i < 100; i++) {
            String user = "ou_" + i;
            assertThat(route.choose(user)).isEqualTo(route.choose(user));
            assertThat(route.choose(user).orElseThrow().canary()).isEqualTo(Buckets.toCanary("echo", user, 25));
        }
    }

    @Test
    void anUnreadableWeightSendsTheCanaryNothing() {
        var c = container("c", "prod", D2, true, null, 2);
        Map<String, String> labels = new HashMap<>(c.labels());
        labels.put(Labels.CANARY, "true");
        labels.put(Labels.CANARY_WEIGHT, "lots");
        var odd = new ContainerState("c", "c", "img", "id", labels, true, "running", null, Instant.EPOCH, Instant.EPOCH, null, null, false);
        SkillRoute route = SkillRoute.of(new ServiceName("echo"), List.of(container("l", "prod", D1, true, null, 1), odd));
        assertThat(IntStream.range(0, 200).mapToObj(i -> route.choose("ou_" + i).orElseThrow()).noneMatch(Endpoint::canary)).isTrue();
    }
}
