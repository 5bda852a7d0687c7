package com.larkops.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.model.Digest;
import com.larkops.release.SecretScan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A multi-platform index: every platform image's config is read (so scanned), not only linux/amd64's; bounded. */
class RegistryConfigsTest {
    static final String REPO = "skills/echo";
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

    @Test
    void everyPlatformOfAnIndexIsReadAndASecretInArmIsFound() {
        String amd = platformImage("{\"config\":{\"Env\":[\"PATH=/bin\"]}}");
        String arm = platformImage("{\"config\":{\"Env\":[\"API_TOKEN=sk-abcdefghijklmnopqrstuvwxyz\"]}}");
        String attestation = platformImage("{}");
        Digest index = serve(index(List.of(entry(amd, "linux", "amd64"), entry(arm, "linux", "arm64"), entry(attestation, "unknown", "unknown"))),
                MediaTypes.OCI_INDEX);

        Map<String, ImageConfig> configs = client.configs(REPO, index);
        assertThat(configs).containsOnlyKeys("linux/amd64", "linux/arm64");
        assertThat(SecretScan.scan(configs.get("linux/amd64").env(), Map.of(), List.of())).isEmpty();
        assertThat(SecretScan.scan(configs.get("linux/arm64").env(), Map.of(), List.of())).extracting(SecretScan.Finding::key)
                .containsExactly("API_TOKEN");
        assertThat(client.config(REPO, index).env()).as("the one config a host runs is still amd64's").containsExactly("PATH=/bin");
    }

    @Test
    void anIndexWithTooManyPlatformsIsRefusedWhole() {
        String image = platformImage("{\"config\":{}}");
        List<String> entries = new ArrayList<>();
        for (int i = 0; i <= RegistryClient.MAX_PLATFORMS; i++) {
            entries.add(entry(image, "linux", "arch" + i));
        }
        Digest index = serve(index(entries), MediaTypes.OCI_INDEX);
        assertThatThrownBy(() -> client.configs(REPO, index)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("platform images; larkops scans at most " + RegistryClient.MAX_PLATFORMS);
    }

    /** Serves a config blob and the image manifest pointing at it; returns the manifest's digest. */
    private String platformImage(String configJson) {
        byte[] config = configJson.getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Manifest.sha256(config);
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/blobs/" + configDigest)).willReturn(aResponse().withStatus(200).withBody(config)));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}";
        return serve(manifest, MediaTypes.OCI_MANIFEST).value();
    }

    private Digest serve(String body, String mediaType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Digest d = Manifest.sha256(bytes);
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/manifests/" + d)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", mediaType).withBody(bytes)));
        return d;
    }

    private static String entry(String digest, String os, String arch) {
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":100,\"platform\":{\"os\":\""
                + os + "\",\"architecture\":\"" + arch + "\"}}";
    }

    private static String index(List<String> entries) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + String.join(",", entries) + "]}";
    }
}
