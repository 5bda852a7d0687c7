package com.larkops.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Docker token flow (Docker Hub, GHCR, Tencent TCR) and Basic auth, against WireMock. */
class RegistryAuthTest {
    static final String DIGEST = "sha256:" + "d".repeat(64);
    static final String MANIFEST = "/v2/skills/echo/manifests/1.4.2";
    static final String SECRET = "hunter2-token";

    WireMockServer wm;
    String host;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        host = "localhost:" + wm.port();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    void bearerChallengeOnManifest() {
        wm.stubFor(head(urlEqualTo(MANIFEST)).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\",service=\"test-registry\","
                        + "scope=\"repository:skills/echo:pull\"")));
        wm.stubFor(head(urlEqualTo(MANIFEST)).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));
    }

    void tokenEndpoint(int expiresIn) {
        wm.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"tok-1\",\"expires_in\":" + expiresIn + "}")));
    }

    @Test
    void challengeThenTokenThenRetrySucceeds() {
        bearerChallengeOnManifest();
        tokenEndpoint(300);
        RegistryClient client = new RegistryClient(host, RegistryCredentials.of("bob", SECRET), false);

        assertThat(client.resolve("skills/echo", "1.4.2").value()).isEqualTo(DIGEST);

        String basic = "Basic " + Base64.getEncoder().encodeToString(("bob:" + SECRET).getBytes(StandardCharsets.UTF_8));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("test-registry"))
                .withQueryParam("scope", equalTo("repository:skills/echo:pull"))
                .withHeader("Authorization", equalTo(basic)));
        wm.verify(1, headRequestedFor(urlEqualTo(MANIFEST)).withHeader("Authorization", equalTo("Bearer tok-1"))
                .withHeader("Accept", equalTo(MediaTypes.MANIFEST_ACCEPT)));
        wm.verify(1, headRequestedFor(urlEqualTo(MANIFEST)).withHeader("Authorization", absent()));
    }

    @Test
    void tokenIsCachedPerScopeAndSentUpFront() {
        bearerChallengeOnManifest();
        tokenEndpoint(300);
        RegistryClient client = new RegistryClient(host, RegistryCredentials.of("bob", SECRET), false);

        client.resolve("skills/echo", "1.4.2");
        client.resolve("skills/echo", "1.4.2");
        client.resolve("skills/echo", "1.4.2");

        wm.verify(1, getRequestedFor(urlPathEqualTo("/token")));
        wm.verify(1, headRequestedFor(urlEqualTo(MANIFEST)).withHeader("Authorization", absent()));
        wm.verify(3, headRequestedFor(urlEqualTo(MANIFEST)).withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void expiredTokenIsFetchedAgain() {
        bearerChallengeOnManifest();
        tokenEndpoint(1); // shorter than the renewal margin: always treated as expired
        RegistryClient client = new RegistryClient(host, RegistryCredentials.none(), false);

        client.resolve("skills/echo", "1.4.2");
        client.resolve("skills/echo", "1.4.2");

        wm.verify(2, getRequestedFor(urlPathEqualTo("/token")).withHeader("Authorization", absent()));
    }

    @Test
    void refusedCredentialsAreAnAuthErrorWithoutTheSecret() {
        bearerChallengeOnManifest();
        wm.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)));
        RegistryClient client = new RegistryClient(host, RegistryCredentials.of("bob", SECRET), false);

        assertThatThrownBy(() -> client.resolve("skills/echo", "1.4.2"))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("bob").hasMessageContaining("repository:skills/echo:pull")
                .hasMessageContaining("larkops settings")
                .message().doesNotContain(SECRET);
    }

    @Test
    void tokenRefusedByTheRegistryIsRetriedOnceOnly() {
        wm.stubFor(head(urlEqualTo(MANIFEST)).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\",service=\"s\",scope=\"x\"")));
        tokenEndpoint(300);
        RegistryClient client = new RegistryClient(host, RegistryCredentials.of("bob", SECRET), false);

        assertThatThrownBy(() -> client.resolve("skills/echo", "1.4.2"))
                .isInstanceOf(RegistryAuthException.class)
                .satisfies(e -> assertThat(((RegistryException) e).host()).isEqualTo(host))
                .satisfies(e -> assertThat(((RegistryException) e).repository()).isEqualTo("skills/echo"))
                .message().doesNotContain(SECRET).doesNotContain("tok-1");
        wm.verify(2, headRequestedFor(urlEqualTo(MANIFEST)));
    }

    @Test
    void basicChallengeIsAnsweredWithCredentials() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("bob:" + SECRET).getBytes(StandardCharsets.UTF_8));
        wm.stubFor(get(urlEqualTo("/v2/")).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"Registry\"")));
        wm.stubFor(get(urlEqualTo("/v2/")).withHeader("Authorization", equalTo(basic)).willReturn(aResponse().withStatus(200)));

        new RegistryClient(host, RegistryCredentials.of("bob", SECRET), false).ping();

        assertThatThrownBy(() -> new RegistryClient(host, RegistryCredentials.none(), false).ping())
                .isInstanceOf(RegistryAuthException.class).hasMessageContaining("needs a login");
    }

    @Test
    void unauthorizedWithoutChallengeIsAnAuthError() {
        wm.stubFor(get(urlEqualTo("/v2/")).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> new RegistryClient(host, RegistryCredentials.none(), false).ping())
                .isInstanceOf(RegistryAuthException.class);
    }
}
