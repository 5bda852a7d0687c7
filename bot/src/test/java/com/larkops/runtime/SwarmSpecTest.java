package com.larkops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwarmSpecTest {
    static SwarmSpec spec(String image) {
        return new SwarmSpec("echo-prod", image, Map.of("larkops.service", "echo", "larkops.digest", "sha256:" + "a".repeat(64)),
                List.of("K=v"), 3, 1, List.of("node.labels.env==prod"), List.of("CMD", "/bin/busybox", "true"),
                Duration.ofSeconds(2), Duration.ofSeconds(3), 3, Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(10));
    }

    @Test
    void theEngineSpecIsPinnedLabelledHealthGatedStartFirstAndRollsBack() {
        JsonNode j = SwarmRuntime.specJson(spec("r:5000/skills/echo@sha256:" + "a".repeat(64)));
        assertThat(j.path("Name").asText()).isEqualTo("echo-prod");
        assertThat(j.path("Labels").path("larkops.service").asText()).isEqualTo("echo");
        JsonNode c = j.path("TaskTemplate").path("ContainerSpec");
        assertThat(c.path("Image").asText()).endsWith("@sha256:" + "a".repeat(64));
        assertThat(c.path("Labels").path("larkops.digest").asText()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(c.path("HealthCheck").path("Test").toString()).isEqualTo("[\"CMD\",\"/bin/busybox\",\"true\"]");
        assertThat(c.path("HealthCheck").path("Timeout").asLong()).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(j.path("TaskTemplate").path("Placement").path("Constraints").toString()).isEqualTo("[\"node.labels.env==prod\"]");
        assertThat(j.path("Mode").path("Replicated").path("Replicas").asInt()).isEqualTo(3);
        JsonNode u = j.path("UpdateConfig");
        assertThat(u.path("Order").asText()).isEqualTo("start-first");
        assertThat(u.path("FailureAction").asText()).isEqualTo("rollback");
        assertThat(u.path("Parallelism").asInt()).isEqualTo(1);
        assertThat(u.path("Monitor").asLong()).isEqualTo(Duration.ofSeconds(25).toNanos());
    }

    @Test
    void limitsAndBindMountsGoIntoTheTaskTemplate() {
        SwarmSpec s = spec("r:5000/skills/echo@sha256:" + "a".repeat(64));
        JsonNode j = SwarmRuntime.specJson(new SwarmSpec(s.name(), s.image(), s.labels(), s.env(), 3, 1, s.constraints(), s.healthTest(),
                s.healthInterval(), s.healthTimeout(), 3, s.healthStartPeriod(), s.monitor(), s.stopGrace(), 64L * 1024 * 1024, 0.5,
                List.of("/srv/echo:/data:ro", "/var/log/echo:/logs")));
        JsonNode limits = j.path("TaskTemplate").path("Resources").path("Limits");
        assertThat(limits.path("MemoryBytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(limits.path("NanoCPUs").asLong()).isEqualTo(500_000_000L);
        assertThat(j.path("TaskTemplate").path("ContainerSpec").path("Mounts").toString()).isEqualTo(
                "[{\"Type\":\"bind\",\"Source\":\"/srv/echo\",\"Target\":\"/data\",\"ReadOnly\":true},"
                        + "{\"Type\":\"bind\",\"Source\":\"/var/log/echo\",\"Target\":\"/logs\",\"ReadOnly\":false}]");
        // none configured: no Resources, no Mounts (the engine's defaults)
        JsonNode plain = SwarmRuntime.specJson(s);
        assertThat(plain.path("TaskTemplate").has("Resources")).isFalse();
        assertThat(plain.path("TaskTemplate").path("ContainerSpec").has("Mounts")).isFalse();
    }

    @Test
    void limitsAndMountsAreCheckedLikeAContainers() {
        SwarmSpec s = spec("r:5000/skills/echo@sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> new SwarmSpec(s.name(), s.image(), s.labels(), s.env(), 3, 1, s.constraints(), s.healthTest(),
                s.healthInterval(), s.healthTimeout(), 3, s.healthStartPeriod(), s.monitor(), s.stopGrace(), null, null,
                List.of("relative:/data"))).hasMessageContaining("bind 'relative:/data' is not /host/path:/container/path");
        assertThatThrownBy(() -> new SwarmSpec(s.name(), s.image(), s.labels(), s.env(), 3, 1, s.constraints(), s.healthTest(),
                s.healthInterval(), s.healthTimeout(), 3, s.healthStartPeriod(), s.monitor(), s.stopGrace(), 1024L, null,
                List.of())).hasMessageContaining("below the engine's 6 MiB minimum");
        assertThatThrownBy(() -> new SwarmSpec(s.name(), s.image(), s.labels(), s.env(), 3, 1, s.constraints(), s.healthTest(),
                s.healthInterval(), s.healthTimeout(), 3, s.healthStartPeriod(), s.monitor(), s.stopGrace(), null, 0.0,
                List.of())).hasMessageContaining("positive number of cores");
    }

    @Test
    void anUnpinnedImageIsRefused() {
        assertThatThrownBy(() -> spec("r:5000/skills/echo:1.0.0")).hasMessageContaining("pinned to a digest");
    }

    @Test
    void theMultiplexedLogStreamIsDemultiplexed() {
        byte[] frame = {1, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', '\n', 2, 0, 0, 0, 0, 0, 0, 2, 'c', '\n'};
        assertThat(SwarmRuntime.demux(frame)).isEqualTo("ab\nc\n");
    }
}
