package com.larkops.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerSpecTest {
    private static final String IMAGE = "127.0.0.1:5000/skills/echo@sha256:" + "a".repeat(64);

    private static ContainerSpec spec(List<String> env) {
        return new ContainerSpec("echo-staging-7", IMAGE, Map.of("larkops.service", "echo"), env, "larkops",
                List.of("echo-staging"), 64L * 1024 * 1024, 0.5, "unless-stopped");
    }

    @Test
    void toStringShowsEnvKeysButNeverValues() {
        ContainerSpec spec = spec(List.of("API_TOKEN=hunter2-secret", "MODE=fast"));

        assertThat(spec.toString()).contains("API_TOKEN", "MODE", "echo-staging-7").doesNotContain("hunter2-secret", "fast");
        assertThat(spec.envKeys()).containsExactly("API_TOKEN", "MODE");
    }

    @Test
    void badEnvEntryIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> spec(List.of("OK=1", "hunter2-secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#2")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void defaultsAndCopies() {
        ContainerSpec spec = new ContainerSpec("a1", IMAGE, null, null, null, null, null, null, null);

        assertThat(spec.labels()).isEmpty();
        assertThat(spec.env()).isEmpty();
        assertThat(spec.aliases()).isEmpty();
        assertThat(spec.restartPolicy()).isEqualTo("no");
    }

    @Test
    void refusesWhatTheEngineWouldRefuseLater() {
        assertThatThrownBy(() -> new ContainerSpec("/bad name", IMAGE, null, null, null, null, null, null, null))
                .hasMessageContaining("container name");
        assertThatThrownBy(() -> new ContainerSpec("a1", IMAGE, null, null, null, List.of("svc"), null, null, null))
                .hasMessageContaining("aliases need a network");
        assertThatThrownBy(() -> new ContainerSpec("a1", IMAGE, null, null, "n", List.of("bad alias"), null, null, null))
                .hasMessageContaining("alias");
        assertThatThrownBy(() -> new ContainerSpec("a1", IMAGE, null, null, null, null, 1024L, null, null))
                .hasMessageContaining("6 MiB");
        assertThatThrownBy(() -> new ContainerSpec("a1", IMAGE, null, null, null, null, null, 0.0, null))
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> new ContainerSpec("a1", IMAGE, null, null, null, null, null, null, "sometimes"))
                .hasMessageContaining("restart policy");
        assertThat(new ContainerSpec("a1", IMAGE, null, null, null, null, null, null, "on-failure:3").restartPolicy())
                .isEqualTo("on-failure:3");
    }
}
