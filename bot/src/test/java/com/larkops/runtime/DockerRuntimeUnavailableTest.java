package com.larkops.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No engine needed: a socket that does not exist must give the operator a message to act on. */
class DockerRuntimeUnavailableTest {

    @Test
    void pingOnMissingSocketSaysWhereAndWhat() {
        try (DockerRuntime runtime = new DockerRuntime("unix:///tmp/larkops-no-such-docker.sock")) {
            assertThatThrownBy(runtime::ping)
                    .isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessageStartingWith("Docker engine at unix:///tmp/larkops-no-such-docker.sock does not answer: ")
                    .hasMessageEndingWith("; is dockerd running?");
        }
    }

    @Test
    void everyOperationReportsUnavailableNotADockerJavaType() {
        try (DockerRuntime runtime = new DockerRuntime("unix:///tmp/larkops-no-such-docker.sock")) {
            assertThatThrownBy(runtime::listManaged).isInstanceOf(RuntimeUnavailableException.class);
            assertThatThrownBy(() -> runtime.inspect("x")).isInstanceOf(RuntimeUnavailableException.class);
        }
    }

    @Test
    void unsetHostMeansTheLocalSocket() {
        try (DockerRuntime runtime = new DockerRuntime(null)) {
            assertThat(runtime.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        }
    }

    @Test
    void pullRefusesAFloatingTag() {
        try (DockerRuntime runtime = new DockerRuntime(null)) {
            assertThatThrownBy(() -> runtime.pull("127.0.0.1:5000/skills/echo:latest"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not pinned by digest");
        }
    }
}
