package com.larkops.app;

import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.Settings;
import com.larkops.i18n.Language;
import com.larkops.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code language: zh_cn}, what a chat user reads when the registry or the engine cannot be reached comes
 * in Chinese through the one router (the engine's and the registry's own words as they are); English in the audit.
 */
class FailureLanguageTest {
    @TempDir
    Path dir;
    Database db;
    Services services;

    CommandRouter router(String languageLine) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        return router(languageLine, closed);
    }

    CommandRouter router(String languageLine, int registryPort) throws Exception {
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: 127.0.0.1:%d
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev]
                  approvers: [ou_lead]
                services:
                  echo:
                    repository: skills/echo
                    port: 8080
                    health: /healthz
                """.formatted(registryPort) + languageLine);
        Settings settings = Settings.forShell(Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock")));
        db = Database.open(settings.dataDir(), settings.database());
        services = new Services(settings, ConfigFile.load(config), db, e -> { }, Messenger.UNREACHABLE, Clock.systemUTC());
        return services.router((name, outcome, took) -> { }, Optional.empty(), new com.larkops.command.RateLimit(100, 1L, () -> 0L));
    }

    @AfterEach
    void close() {
        if (services != null) {
            services.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anUnreachableRegistryAndEngineAreExplainedInChinese() throws Exception {
        CommandRouter router = router("language: zh_cn\n");
        Reply images = router.route(Caller.lark("ou_dev", "oc_ops"), "/images echo", Progress.NONE);
        assertThat(images.outcome()).isEqualTo(Reply.Outcome.ERROR);
        assertThat(images.text(Language.ZH_CN)).contains("无法连接镜像仓库 127.0.0.1:").contains("请确认镜像仓库正在运行且本机可以访问，然后重试")
                .doesNotContain("could not be reached");
        assertThat(images.text()).as("English in the audit log").contains("could not be reached");

        Reply logs = router.route(Caller.lark("ou_dev", "oc_ops"), "/logs echo", Progress.NONE);
        assertThat(logs.outcome()).isEqualTo(Reply.Outcome.ERROR);
        assertThat(logs.text(Language.ZH_CN)).contains("上的 Docker 引擎没有响应").contains("dockerd 在运行吗？")
                .doesNotContain("does not answer");
    }

    @Test
    void aVersionTheRegistryDoesNotHaveIsRefusedInChineseNamingTheImagesCommand() throws Exception {
        com.github.tomakehurst.wiremock.WireMockServer registry = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        registry.start();
        try {
            registry.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                    com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v2/skills/echo/manifests/9.9.9"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
            CommandRouter router = router("language: zh_cn\n", registry.port());
            Reply deploy = router.route(Caller.lark("ou_dev", "oc_ops"), "/deploy echo 9.9.9", Progress.NONE);
            assertThat(deploy.outcome()).isEqualTo(Reply.Outcome.REFUSED);
            assertThat(deploy.text(Language.ZH_CN)).isEqualTo("镜像仓库 127.0.0.1:" + registry.port()
                    + " 中没有 skills/echo:9.9.9；/images echo 可列出已有内容");
            assertThat(deploy.text()).isEqualTo("skills/echo:9.9.9 is not in registry 127.0.0.1:" + registry.port()
                    + "; /images echo lists what is there");
        } finally {
            registry.stop();
        }
    }
}
