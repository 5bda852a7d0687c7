package com.larkops.pipeline;

import com.larkops.model.Digest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTagsTest {
    static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void theCosignTagAndTheReferrersTagNameTheDigestTheySign() {
        assertThat(SignatureTags.subject("sha256-" + HEX + ".sig")).contains(Digest.parse("sha256:" + HEX));
        assertThat(SignatureTags.subject("sha256-" + HEX)).contains(Digest.parse("sha256:" + HEX));
    }

    @Test
    void anythingElseIsNotASignatureTag() {
        assertThat(SignatureTags.subject("1.0.0")).isEmpty();
        assertThat(SignatureTags.subject("sha256-" + HEX + ".att")).as("an attestation, not a signature").isEmpty();
        assertThat(SignatureTags.subject("sha256-" + HEX + ".sbom")).isEmpty();
        assertThat(SignatureTags.subject("sha256-" + HEX.toUpperCase() + ".sig")).isEmpty();
        assertThat(SignatureTags.subject("sha256-" + HEX.substring(1) + ".sig")).isEmpty();
        assertThat(SignatureTags.subject("sha256-" + HEX + "0")).isEmpty();
        assertThat(SignatureTags.subject("sha512-" + HEX + ".sig")).isEmpty();
    }
}
