package com.larkops.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttachmentTagTest {
    static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void cosignAndReferrersTagsNameTheirSubject() {
        assertThat(AttachmentTag.parse("sha256-" + HEX + ".sig")).hasValueSatisfying(t -> {
            assertThat(t.subject()).isEqualTo(Digest.parse("sha256:" + HEX));
            assertThat(t.kind()).isEqualTo(AttachmentTag.Kind.SIGNATURE);
        });
        assertThat(AttachmentTag.parse("sha256-" + HEX + ".att")).map(AttachmentTag::kind).contains(AttachmentTag.Kind.ATTESTATION);
        assertThat(AttachmentTag.parse("sha256-" + HEX + ".sbom")).map(AttachmentTag::kind).contains(AttachmentTag.Kind.SBOM);
        assertThat(AttachmentTag.parse("sha256-" + HEX)).map(AttachmentTag::kind).contains(AttachmentTag.Kind.REFERRERS);
    }

    @Test
    void versionsAndLookAlikesAreNotAttachments() {
        assertThat(AttachmentTag.isAttachment("1.0.0")).isFalse();
        assertThat(AttachmentTag.isAttachment("prod")).isFalse();
        assertThat(AttachmentTag.isAttachment("1.4.2_git.abc1234")).isFalse();
        assertThat(AttachmentTag.isAttachment("sha256-" + HEX.substring(1) + ".sig")).as("63 hex").isFalse();
        assertThat(AttachmentTag.isAttachment("sha256-" + HEX.toUpperCase() + ".sig")).as("upper case").isFalse();
        assertThat(AttachmentTag.isAttachment("sha256-" + HEX + ".sig2")).isFalse();
        assertThat(AttachmentTag.isAttachment("sha256-" + HEX + "0")).as("65 hex").isFalse();
        assertThat(AttachmentTag.isAttachment("sha512-" + HEX + ".sig")).isFalse();
        assertThat(AttachmentTag.isAttachment(null)).isFalse();
    }

    @Test
    void signaturesArriveUnderTheCosignTagOrTheReferrersTagNeverAnAttestationOrSbom() {
        String hex = "0123456789abcdef".repeat(4);
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex + ".sig")).contains(Digest.parse("sha256:" + hex));
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex)).contains(Digest.parse("sha256:" + hex));
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex + ".att")).isEmpty();
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex + ".sbom")).isEmpty();
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex.toUpperCase() + ".sig")).isEmpty();
        assertThat(AttachmentTag.signatureSubject("sha256-" + hex + "0")).isEmpty();
        assertThat(AttachmentTag.signatureSubject("1.0.0")).isEmpty();
    }

    @Test
    void theTagItNamesIsTheTagItParses() {
        Digest subject = Digest.parse("sha256:" + "0123456789abcdef".repeat(4));
        for (AttachmentTag.Kind kind : AttachmentTag.Kind.values()) {
            String tag = AttachmentTag.tagOf(subject, kind);
            assertThat(AttachmentTag.parse(tag)).contains(new AttachmentTag(tag, subject, kind));
        }
        assertThat(AttachmentTag.tagOf(subject, AttachmentTag.Kind.SIGNATURE)).isEqualTo("sha256-" + subject.hex() + ".sig");
    }
}
