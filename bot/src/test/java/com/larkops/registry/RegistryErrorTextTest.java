package com.larkops.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a chat user reads when the registry fails: the same facts in each language (the host, the registry's own
 * words as they are), with the English message, for logs and audit, unchanged.
 */
class RegistryErrorTextTest {
    @Test
    void anUnreachableRegistryIsExplainedInEachLanguageWithWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        RegistryClient client = new RegistryClient("127.0.0.1:" + port, RegistryCredentials.none(), false);
        RegistryUnavailableException e = catchThrowableOfType(client::ping, RegistryUnavailableException.class);

        assertThat(e.getMessage()).startsWith("registry 127.0.0.1:" + port + " could not be reached (")
                .endsWith("); check that the registry is running and reachable from this host, then try again");
        assertThat(Explained.of(e).in(Language.ZH_CN)).startsWith("无法连接镜像仓库 127.0.0.1:" + port + "（")
                .endsWith("）；请确认镜像仓库正在运行且本机可以访问，然后重试");
        assertThat(e.text().in(Language.JA_JP)).startsWith("レジストリ 127.0.0.1:" + port + " に接続できませんでした(")
                .contains("もう一度試してください");
        assertThat(e.text().in(Language.EN_US)).isEqualTo(e.getMessage());
    }

    @Test
    void aMissingTagNamesTheImagesCommandInEachLanguageAndTheRegistryTextStaysAsItIs() {
        WireMockServer wm = new WireMockServer(options().dynamicPort());
        wm.start();
        try {
            wm.stubFor(head(urlEqualTo("/v2/skills/echo/manifests/9.9.9")).willReturn(aResponse().withStatus(404)));
            wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/9.9.9")).willReturn(aResponse().withStatus(404)));
            wm.stubFor(get(urlEqualTo("/v2/skills/echo/tags/list")).willReturn(aResponse().withStatus(503)
                    .withBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"storage offline\"}]}")));
            RegistryClient client = new RegistryClient("localhost:" + wm.port(), RegistryCredentials.none(), false);

            RegistryNotFoundException missing = catchThrowableOfType(() -> client.resolve("skills/echo", "9.9.9"),
                    RegistryNotFoundException.class);
            assertThat(missing.getMessage()).isEqualTo("skills/echo:9.9.9 is not in registry localhost:" + wm.port()
                    + "; /images echo lists what is there");
            assertThat(missing.text().in(Language.ZH_CN)).isEqualTo("镜像仓库 localhost:" + wm.port()
                    + " 中没有 skills/echo:9.9.9；/images echo 可列出已有内容");

            RegistryUnavailableException down = catchThrowableOfType(() -> client.listTags("skills/echo"),
                    RegistryUnavailableException.class);
            assertThat(down.text().in(Language.ZH_CN)).isEqualTo("镜像仓库 localhost:" + wm.port()
                    + " 出错，HTTP 503；请稍后再试；若持续出现，请检查镜像仓库的日志");
        } finally {
            wm.stop();
        }
    }
}
