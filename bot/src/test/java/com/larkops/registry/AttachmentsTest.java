package com.larkops.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.model.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What distribution 2.8 cannot show: a registry WITH the referrers API, and answers past their byte limits. */
class AttachmentsTest {
    static final Digest SUBJECT = Digest.parse("sha256:" + "ab".repeat(32));
    static final Digest ARTIFACT = Digest.parse("sha256:" + "cd".repeat(32));

    WireMockServer wm;
    Attachments attachments;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        attachments = new RegistryClient("localhost:" + wm.port(), RegistryCredentials.none(), false).attachments();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void theReferrersApiIsUsedWhenTheRegistryHasIt() {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/referrers/" + SUBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_INDEX)
                .withBody("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + ARTIFACT + "\",\"size\":500,"
                        + "\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}]}")));
        assertThat(attachments.referrers("skills/echo", SUBJECT)).containsExactly(new Attachments.Referrer(
                "application/vnd.dev.sigstore.bundle.v0.3+json", MediaTypes.OCI_MANIFEST, ARTIFACT, 500));
        wm.verify(0, getRequestedFor(urlEqualTo("/v2/skills/echo/manifests/sha256-" + SUBJECT.hex())));
    }

    @Test
    void aClientErrorOnTheApiFallsBackToTheTagSchemaAndNothingThereIsEmpty() {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/referrers/" + SUBJECT)).willReturn(aResponse().withStatus(405)));
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/sha256-" + SUBJECT.hex())).willReturn(aResponse().withStatus(404)));
        assertThat(attachments.referrers("skills/echo", SUBJECT)).isEmpty();
        wm.verify(1, getRequestedFor(urlEqualTo("/v2/skills/echo/manifests/sha256-" + SUBJECT.hex())));
    }

    @Test
    void aBodyPastItsLimitIsCutOffWithOrWithoutContentLength() {
        byte[] big = "x".repeat((int) Attachments.MAX_MANIFEST_BYTES + 10).getBytes(StandardCharsets.UTF_8);
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/manifests/sha256-" + SUBJECT.hex() + ".sig")).willReturn(aResponse()
                .withStatus(200).withBody(big)));
        assertThatThrownBy(() -> attachments.cosignSignature("skills/echo", SUBJECT))
                .isInstanceOf(RegistryException.class).hasMessageContaining("more than " + Attachments.MAX_MANIFEST_BYTES + " bytes");
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/blobs/" + ARTIFACT)).willReturn(aResponse().withStatus(200)
                .withChunkedDribbleDelay(4, 10).withBody(new byte[4096])));
        assertThatThrownBy(() -> attachments.blob("skills/echo", ARTIFACT, 1024))
                .isInstanceOf(RegistryException.class).hasMessageContaining("more than 1024 bytes");
    }

    @Test
    void aBlobThatDoesNotHashToItsDigestIsRefused() {
        wm.stubFor(get(urlEqualTo("/v2/skills/echo/blobs/" + ARTIFACT)).willReturn(aResponse().withStatus(200).withBody("{}")));
        assertThatThrownBy(() -> attachments.blob("skills/echo", ARTIFACT, 1024)).hasMessageContaining("does not match its digest");
    }
}
