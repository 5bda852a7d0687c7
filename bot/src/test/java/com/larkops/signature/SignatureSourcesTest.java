package com.larkops.signature;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.registry.Manifest;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Junk beside a real signature: a {@code .sig} tag whose manifest lists many junk layers must not hide a valid
 * Sigstore bundle attached as a referrer (the sources are bounded each on its own, and every candidate is verified).
 */
class SignatureSourcesTest {
    static final Digest SUBJECT = Digest.parse("sha256:" + "ab".repeat(32));
    static final String REPO = "skills/echo";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    @TempDir
    Path dir;
    WireMockServer wm;
    RegistryClient registry;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        registry = new RegistryClient("localhost:" + wm.port(), RegistryCredentials.none(), false);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void sixteenJunkSignaturesDoNotHideTheRealOne() {
        TestKeys key = TestKeys.ecdsa(dir, "release");
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] junk = ("{\"critical\":{\"type\":\"junk " + i + "\"}}").getBytes(StandardCharsets.UTF_8);
            layers.add(layer(SignatureSources.COSIGN_LAYER, blob(junk), junk.length,
                    ",\"annotations\":{\"" + SignatureSources.SIGNATURE_ANNOTATION + "\":\"AAAA\"}"));
        }
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/manifests/sha256-" + SUBJECT.hex() + ".sig")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", OCI_MANIFEST).withBody(manifest(null, layers))));

        byte[] statement = SignatureVerifierTest.statement("127.0.0.1:5000/" + REPO, SUBJECT);
        Candidate.Bundle real = (Candidate.Bundle) SignatureVerifierTest.bundle(key, BundleCheck.IN_TOTO, statement, statement,
                SignatureVerifierTest.KEY_MATERIAL);
        String bundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";
        byte[] artifact = manifest(bundleType, List.of(layer(bundleType, blob(real.json()), real.json().length, ""))).getBytes(StandardCharsets.UTF_8);
        Digest artifactDigest = Manifest.sha256(artifact);
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/manifests/" + artifactDigest)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", OCI_MANIFEST).withBody(artifact)));
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/referrers/" + SUBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", OCI_INDEX).withBody("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{"
                        + "\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + artifactDigest + "\",\"size\":" + artifact.length
                        + ",\"artifactType\":\"" + bundleType + "\"}]}")));

        List<Candidate> found = new SignatureSources(registry.attachments()).find(REPO, SUBJECT);
        assertThat(found).hasSize(17);
        VerifyPolicy policy = new VerifyPolicy(List.of(SigningKey.load(key.publicPem())), Set.of(Env.PROD));
        Verdict verdict = new SignatureGate(new SignatureSources(registry.attachments())).verify(policy, REPO, SUBJECT);
        assertThat(verdict.isSigned()).as(verdict.line()).isTrue();
    }

    private String blob(byte[] bytes) {
        Digest d = Manifest.sha256(bytes);
        wm.stubFor(get(urlEqualTo("/v2/" + REPO + "/blobs/" + d)).willReturn(aResponse().withStatus(200).withBody(bytes)));
        return d.value();
    }

    private static String layer(String mediaType, String digest, int size, String extra) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + extra + "}";
    }

    private static String manifest(String artifactType, List<String> layers) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\"" + (artifactType == null ? "" : ",\"artifactType\":\"" + artifactType + "\"")
                + ",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}"
                + ",\"layers\":[" + String.join(",", layers) + "]}";
    }
}
