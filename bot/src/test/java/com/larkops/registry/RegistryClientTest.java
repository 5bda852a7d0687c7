package com.larkops.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint behaviour a real distribution registry does not easily show: fallbacks, redirects, error statuses. */
class RegistryClientTest {
    static final String CONFIG_JSON = "{\"config\":{\"Labels\":{\"org.opencontainers.image.version\":\"2.0.0\"}}}";
    static final byte[] CONFIG = CONFIG_JSON.getBytes(StandardCharsets.UTF_8);
    static final Digest CONFIG_DIGEST = Manifest.sha256(CONFIG);
    // deliberately odd whitespace: re-serialising it would change the digest
    static final byte[] MANIFEST = ("{ \"schemaVersion\": 2,\n \"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\",\n"
            + "  \"config\": {\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":" + CONFIG.length
            + ",\"digest\":\"" + CONFIG_DIGEST + "\"},\n  \"layers\": [{\"size\": 1000, \"digest\": \"sha256:" + "1".repeat(64)
            + "\"}] }").getBytes(StandardCharsets.UTF_8);
    static final Digest DIGEST = Manifest.sha256(MANIFEST);

    WireMockServer wm;
    RegistryClient client;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        client = new RegistryClient("localhost:" + wm.port(), RegistryCredentials.none(), false);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    void serveManifest(String reference) {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/" + reference)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(MANIFEST)));
    }

    @Test
    void resolveFallsBackToGetAndHashesTheBytes() {
        wm.stubFor(head(urlEqualTo("/v2/skills/echo/manifests/1.0")).willReturn(aResponse().withStatus(200)));
        serveManifest("1.0");
        assertThat(client.resolve("skills/echo", "1.0")).isEqualTo(DIGEST);
        wm.verify(getRequestedFor(urlEqualTo("/v2/skills/echo/manifests/1.0")).withHeader("Accept", equalTo(MediaTypes.MANIFEST_ACCEPT)));
    }

    @Test
    void tagPutsTheExactBytesWithTheSameContentType() {
        serveManifest(DIGEST.value());
        wm.stubFor(put(urlEqualTo("/v2/skills/echo/manifests/prod"))
                .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", DIGEST.value())));

        client.tag("skills/echo", DIGEST, "prod");

        wm.verify(putRequestedFor(urlEqualTo("/v2/skills/echo/manifests/prod"))
                .withHeader("Content-Type", equalTo(MediaTypes.OCI_MANIFEST))
                .withRequestBody(binaryEqualTo(MANIFEST)));
    }

    @Test
    void manifestWhoseBytesDoNotMatchTheRequestedDigestIsRefused() {
        Digest other = Digest.parse("sha256:" + "e".repeat(64));
        serveManifest(other.value());
        assertThatThrownBy(() -> client.manifest("skills/echo", other.value()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("hashes to " + DIGEST);
    }

    @Test
    void schemaOneManifestsAreRefused() {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/old")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws")
                .withBody("{\"schemaVersion\":1}")));
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/untyped")).willReturn(aResponse().withStatus(200)
                .withBody("{\"schemaVersion\":2}")));
        assertThatThrownBy(() -> client.manifest("skills/echo", "old")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("manifest.v1+prettyjws, which larkops does not handle");
        assertThatThrownBy(() -> client.manifest("skills/echo", "untyped")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("unknown type");
    }

    @Test
    void blobRedirectIsFollowedWithoutOurAuthorization() {
        client = new RegistryClient("localhost:" + wm.port(), RegistryCredentials.of("bob", "pw"), false);
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/" + DIGEST)).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"r\"")));
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/" + DIGEST)).withHeader("Authorization", matching("Basic .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(MANIFEST)));
        String cdn = "http://127.0.0.1:" + wm.port() + "/cdn/config";
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/blobs/" + CONFIG_DIGEST))
                .willReturn(aResponse().withStatus(307).withHeader("Location", cdn)));
        wm.stubFor(get(urlEqualTo("/cdn/config")).willReturn(aResponse().withStatus(200).withBody(CONFIG)));

        assertThat(client.config("skills/echo", DIGEST).labels()).containsEntry("org.opencontainers.image.version", "2.0.0");
        assertThat(client.size("skills/echo", DIGEST)).isEqualTo(CONFIG.length + 1000);
        wm.verify(1, getRequestedFor(urlEqualTo("/v2/skills/echo/blobs/" + CONFIG_DIGEST)).withHeader("Authorization", matching("Basic .+")));
        wm.verify(1, getRequestedFor(urlEqualTo("/cdn/config")).withHeader("Authorization", absent()));
    }

    @Test
    void listTagsFollowsLinkPagesAndTreatsUnknownRepositoryAsEmpty() {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/tags/list")).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "</v2/skills/echo/tags/list?last=b&n=2>; rel=\"next\"")
                .withBody("{\"name\":\"skills/echo\",\"tags\":[\"a\",\"b\"]}")));
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/tags/list?last=b&n=2")).willReturn(aResponse().withStatus(200)
                .withBody("{\"name\":\"skills/echo\",\"tags\":[\"c\"]}")));
        wm.stubFor(get(urlEqualTo("/v2/skills/none/tags/list")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")));

        assertThat(client.listTags("skills/echo")).containsExactly("a", "b", "c");
        assertThat(client.listTags("skills/none")).isEmpty();
    }

    @Test
    void serverErrorsAndRateLimitsAreUnavailable() {
        wm.stubFor(head(urlEqualTo("/v2/skills/echo/manifests/busy")).willReturn(aResponse().withStatus(503)));
        wm.stubFor(head(urlEqualTo("/v2/skills/echo/manifests/limited")).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> client.resolve("skills/echo", "busy")).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("503").hasMessageContaining("try again");
        assertThatThrownBy(() -> client.resolve("skills/echo", "limited")).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("rate-limiting");
    }

    @Test
    void forbiddenIsAnAuthError() {
        wm.stubFor(delete(urlEqualTo("/v2/skills/echo/manifests/" + DIGEST)).willReturn(aResponse().withStatus(403)));
        assertThatThrownBy(() -> client.delete("skills/echo", DIGEST)).isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("denied DELETE on skills/echo");
    }

    @Test
    void deleteOnARegistryWithoutDeletesSaysHowToEnableThem() {
        wm.stubFor(delete(urlEqualTo("/v2/skills/echo/manifests/" + DIGEST)).willReturn(aResponse().withStatus(405)
                .withBody("{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is unsupported.\"}]}")));
        assertThatThrownBy(() -> client.delete("skills/echo", DIGEST)).isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("storage.delete.enabled");
    }

    @Test
    void unexpectedStatusCarriesTheRegistryErrorCode() {
        serveManifest(DIGEST.value());
        wm.stubFor(put(urlEqualTo("/v2/skills/echo/manifests/prod")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}")));
        assertThatThrownBy(() -> client.tag("skills/echo", DIGEST, "prod")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("HTTP 400 (MANIFEST_BLOB_UNKNOWN blob unknown to registry)");
    }

    @Test
    void badInputNeverReachesTheRegistry() {
        assertThatThrownBy(() -> client.resolve("../etc", "1.0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> client.resolve("skills/echo", "1.0/../../x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> client.tag("skills/echo", DIGEST, "-bad")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RegistryClient("https://example.com", RegistryCredentials.none(), false))
                .isInstanceOf(InvalidInputException.class);
        assertThat(wm.getAllServeEvents()).isEmpty();
    }
}
