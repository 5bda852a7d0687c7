package com.larkops.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SurroundingsTest {
    @Test
    void aDataDirThatCannotBeWrittenSaysWhoAndWhatToDoInOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path data = file.resolve("data");
        assertThat(Surroundings.dataDirProblem(data)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("data dir " + data + " is not writable by uid ").contains("chown").doesNotContain("\n"));
        assertThat(Surroundings.dataDirProblem(dir.resolve("fine"))).isEmpty();
    }

    @Test
    void loopbackRegistriesAreRecognised() {
        assertThat(Surroundings.loopback("127.0.0.1:5000")).isTrue();
        assertThat(Surroundings.loopback("localhost:5000")).isTrue();
        assertThat(Surroundings.loopback("[::1]:5000")).isTrue();
        assertThat(Surroundings.loopback("registry:5000")).isFalse();
        assertThat(Surroundings.loopback("10.0.0.5:5000")).isFalse();
        assertThat(Surroundings.loopbackLine("127.0.0.1:5000"))
                .startsWith("registry 127.0.0.1:5000 is loopback: a bot in a container cannot reach it");
    }

    @Test
    void anEngineSocketThatIsMissingIsNamed(@TempDir Path dir) {
        assertThat(Surroundings.socketProblem("unix://" + dir.resolve("none.sock")))
                .hasValueSatisfying(l -> assertThat(l).startsWith("engine socket " + dir.resolve("none.sock") + " does not exist here"));
        assertThat(Surroundings.socketProblem("tcp://10.0.0.1:2375")).isEmpty();
    }
}
