package com.larkops.runtime;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineErrorsTest {
    private final EngineErrors errors = new EngineErrors("unix:///var/run/docker.sock");

    @Test
    void engineJsonMessageIsUnwrapped() {
        RuntimeException e = errors.translate(Msg.of("app.engine.do.start", "x"),
                new NotFoundException("Status 404: {\"message\":\"No such container: x\"}\n"));

        assertThat(e).isInstanceOf(RuntimeOperationException.class)
                .hasMessage("start container x failed: No such container: x (HTTP 404)");
    }

    @Test
    void transportFailureMeansEngineUnavailable() {
        RuntimeException e = errors.translate(Msg.of("app.engine.do.ping"),
                new UncheckedIOException(new ConnectException("Connection refused")));

        assertThat(e).isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("Docker engine at unix:///var/run/docker.sock does not answer: Connection refused; is dockerd running?");
    }

    @Test
    void redactingDropsSecretsAndTheCause() {
        RuntimeException e = errors.translateRedacting(Msg.of("app.engine.do.create", "c", "img"),
                new ConflictException("Status 409: {\"message\":\"bad env TOKEN=hunter2-long and hunter2\"}"),
                List.of("hunter2", "hunter2-long", ""));

        assertThat(e.getMessage()).doesNotContain("hunter2").contains("TOKEN=***");
        assertThat(e.getCause()).isNull();
        // every language is redacted, not only the English message
        assertThat(((RuntimeOperationException) e).text().in(Language.ZH_CN)).doesNotContain("hunter2").contains("TOKEN=***")
                .startsWith("从 img 创建容器 c 失败");
    }

    @Test
    void aChatUserReadsTheEngineFailureInTheirLanguageWithTheEngineTextAsItIs() {
        RuntimeException e = errors.translate(Msg.of("app.engine.do.start", "x"),
                new NotFoundException("Status 404: {\"message\":\"No such container: x\"}\n"));

        assertThat(((RuntimeOperationException) e).text().in(Language.ZH_CN)).isEqualTo("启动容器 x 失败：No such container: x (HTTP 404)");
        assertThat(new RuntimeUnavailableException("unix:///var/run/docker.sock", new ConnectException("Connection refused"))
                .text().in(Language.JA_JP)).isEqualTo("unix:///var/run/docker.sock の Docker エンジンが応答しません: Connection refused。"
                + "dockerd は動いていますか?");
    }
}
