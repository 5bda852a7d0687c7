package com.larkops.config;

import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwarmConfigTest {
    static final String BASE = "registry: r.example.com\nruntime: swarm\nservices:\n  web:\n    repository: x/web\n";

    @Test
    void dockerIsTheDefaultRuntime() {
        LarkopsConfig c = ConfigFile.parse("registry: r.example.com\nservices:\n  a:\n    repository: x/a\n", "f");
        assertThat(c.runtime()).isEqualTo(RuntimeKind.DOCKER);
        assertThat(c.swarm()).isEmpty();
    }

    @Test
    void swarmServicesTakeReplicasParallelismConstraintsAndAHealthCommand() {
        LarkopsConfig c = ConfigFile.parse(BASE + """
                    replicas: 3
                    update_parallelism: 2
                    constraints: [node.labels.env==prod, node.role != manager]
                    health_cmd: [/bin/busybox, sh, -c, "nc -z 127.0.0.1 8080"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 3s
                """, "f");
        SwarmServiceConfig s = c.swarm(new ServiceName("web"));
        assertThat(c.runtime()).isEqualTo(RuntimeKind.SWARM);
        assertThat(s.replicas()).isEqualTo(3);
        assertThat(s.updateParallelism()).isEqualTo(2);
        assertThat(s.constraints()).containsExactly("node.labels.env==prod", "node.role != manager");
        assertThat(s.healthTest()).containsExactly("CMD", "/bin/busybox", "sh", "-c", "nc -z 127.0.0.1 8080");
        assertThat(s.monitor()).isEqualTo(Duration.ofSeconds(3 + (1 + 3) * 3));
    }

    @Test
    void aShellStringIsCmdShellAndImageMeansTheImagesOwnHealthcheck() {
        assertThat(ConfigFile.parse(BASE + "    health_cmd: \"wget -q -O- localhost:8080/healthz\"\n", "f").swarm(new ServiceName("web")).healthTest())
                .isEqualTo(List.of("CMD-SHELL", "wget -q -O- localhost:8080/healthz"));
        SwarmServiceConfig image = ConfigFile.parse(BASE + "    health_cmd: image\n", "f").swarm(new ServiceName("web"));
        assertThat(image.healthTest()).isEmpty();
        assertThat(image.replicas()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "registry: r\\nruntime: kubernetes\\nservices: {}|runtime is 'kubernetes': expected docker",
            "registry: r\\nservices:\\n  web:\\n    repository: x/web\\n    replicas: 2|services.web.replicas: only with 'runtime: swarm'",
            "registry: r\\nruntime: swarm\\nservices:\\n  web:\\n    repository: x/web|services.web.health_cmd: say how the engine checks",
            "registry: r\\nruntime: swarm\\nservices:\\n  web:\\n    repository: x/web\\n    health_cmd: image\\n    replicas: 0|services.web.replicas is 0",
            "registry: r\\nruntime: swarm\\nservices:\\n  web:\\n    repository: x/web\\n    health_cmd: image\\n    update_parallelism: 2|services.web.update_parallelism is 2: expected 1-1",
            "registry: r\\nruntime: swarm\\nservices:\\n  web:\\n    repository: x/web\\n    health_cmd: image\\n    constraints: [rm -rf]|is not a placement constraint",
            "registry: r\\nruntime: swarm\\nservices:\\n  web:\\n    repository: x/web\\n    health_cmd: image\\n    replica: 2|services.web.replica",
    })
    void mistakesNameTheKey(String yaml, String message) {
        assertThatThrownBy(() -> ConfigFile.parse(yaml.replace("\\n", "\n"), "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
