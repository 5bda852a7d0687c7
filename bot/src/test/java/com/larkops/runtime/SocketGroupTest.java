package com.larkops.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SocketGroupTest {
    @Test
    void aServiceThatMountsTheEngineSocketJoinsTheSocketsGroup(@TempDir Path dir) throws Exception {
        Path socket = Files.createFile(dir.resolve("engine.sock"));
        int gid = (Integer) Files.getAttribute(socket, "unix:gid");
        String host = "unix://" + socket;
        assertThat(SocketGroup.withSocketGroup(List.of("docker"), List.of(socket + ":/var/run/docker.sock", "/srv:/data"), host))
                .containsExactly("docker", String.valueOf(gid));
        // the same gid given by hand is not added twice
        assertThat(SocketGroup.withSocketGroup(List.of(String.valueOf(gid)), List.of(socket + ":/var/run/docker.sock"), host))
                .containsExactly(String.valueOf(gid));
    }

    @Test
    void otherMountsAddNoGroup(@TempDir Path dir) {
        assertThat(SocketGroup.withSocketGroup(List.of(), List.of(dir + ":/data"), "unix://" + dir.resolve("engine.sock"))).isEmpty();
        assertThat(SocketGroup.mountedSocket(List.of("/var/run/docker.sock:/var/run/docker.sock:ro"), "tcp://10.0.0.1:2375"))
                .contains("/var/run/docker.sock");
    }
}
