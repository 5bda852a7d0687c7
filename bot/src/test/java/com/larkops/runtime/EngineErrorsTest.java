package com.larkops.runtime;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineErrorsTest {
    private final EngineErrors errors = new EngineErrors("unix:///var/run/docker.sock");

    @Test
    void engineJsonMessageIsUnwrapped() {
        RuntimeException e = errors.translate("start container x",
                new NotFoundException("Status 404: {\"message\":\"No such container: x\"}\n"));

        assertThat(e).isInstanceOf(RuntimeOperationException.class)
                .hasMessage("start container x failed: No such container: x (HTTP 404)");
    }

    @Test
    void transportFailureMeansEngineUnavailable() {
        RuntimeException e = errors.translate("ping",
                new UncheckedIOException(new ConnectException("Connection refused")));

        assertThat(e).isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("Docker engine at unix:///var/run/docker.sock does not answer: Connection refused; is dockerd running?");
    }

    @Test
    void redactingDropsSecretsAndTheCause() {
        RuntimeException e = errors.translateRedacting("create container c",
                new ConflictException("Status 409: {\"message\":\"bad env TOKEN=hunter2-long and hunter2\"}"),
                List.of("hunter2", "hunter2-long", ""));

        assertThat(e.getMessage()).doesNotContain("hunter2").contains("TOKEN=***");
        assertThat(e.getCause()).isNull();
    }
}
