package com.larkops.signature;

import com.larkops.model.Digest;
import com.larkops.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure verifier on data: cosign simple-signing payloads and DSSE bundles signed with generated keys. */
class SignatureVerifierTest {
    static final Digest IMAGE = Digest.parse("sha256:" + "ab".repeat(32));
    static final Digest OTHER_IMAGE = Digest.parse("sha256:" + "cd".repeat(32));
    static final Digest SIG_MANIFEST = Digest.parse("sha256:" + "ef".repeat(32));
    static final String REPO = "skills/echo";

    @TempDir
    Path dir;

    private TestKeys release() {
        return TestKeys.ecdsa(dir, "release");
    }

    private static List<SigningKey> trusting(TestKeys... keys) {
        return java.util.Arrays.stream(keys).map(k -> SigningKey.load(k.publicPem())).toList();
    }

    static byte[] payload(String reference, Digest digest) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + reference + "\"},\"image\":{\"docker-manifest-digest\":\""
                + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    }

    static Candidate cosign(TestKeys by, byte[] payload) {
        return new Candidate.SimpleSigning(SIG_MANIFEST, payload, Base64.getEncoder().encodeToString(by.sign(payload)));
    }

    @Test
    void aCosignSignatureByTheConfiguredKeyOverThisDigestPasses() {
        TestKeys key = release();
        Verdict v = SignatureVerifier.verify(List.of(cosign(key, payload("127.0.0.1:5000/skills/echo", IMAGE))), IMAGE, REPO, trusting(key));
        assertThat(v.isSigned()).isTrue();
        assertThat(v.line()).isEqualTo("signed by release.pub ✓");
    }

    @Test
    void aSignatureMadeByCosignItselfVerifies() throws Exception {
        assertThat(com.larkops.registry.Manifest.sha256(CosignVector.PAYLOAD)).isEqualTo(CosignVector.PAYLOAD_DIGEST);
        List<SigningKey> cosignKey = List.of(CosignVector.key(dir));
        Candidate genuine = new Candidate.SimpleSigning(SIG_MANIFEST, CosignVector.PAYLOAD, CosignVector.SIGNATURE);
        assertThat(SignatureVerifier.verify(List.of(genuine), CosignVector.SUBJECT, CosignVector.REPOSITORY, cosignKey).line())
                .isEqualTo("signed by cosign.pub ✓");
        assertThat(SignatureVerifier.verify(List.of(genuine), IMAGE, CosignVector.REPOSITORY, cosignKey).detail())
                .as("the genuine signature, read for another digest").contains("for another digest");
        assertThat(SignatureVerifier.verify(List.of(genuine), CosignVector.SUBJECT, CosignVector.REPOSITORY, trusting(release())).isSigned())
                .as("the genuine signature, another trusted key").isFalse();
        byte[] altered = new String(CosignVector.PAYLOAD, StandardCharsets.UTF_8).replace("tobby/fixture", "tobby/fixturf")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureVerifier.verify(List.of(new Candidate.SimpleSigning(SIG_MANIFEST, altered, CosignVector.SIGNATURE)),
                CosignVector.SUBJECT, CosignVector.REPOSITORY, cosignKey).isSigned()).as("one byte of the payload changed").isFalse();
    }

    @Test
    void rsaAndEd25519KeysWorkToo() {
        for (TestKeys key : List.of(TestKeys.rsa(dir, "rsa"), TestKeys.ed25519(dir, "ed"))) {
            Verdict v = SignatureVerifier.verify(List.of(cosign(key, payload("skills/echo", IMAGE))), IMAGE, REPO, trusting(key));
            assertThat(v.signedBy()).hasValue(key.publicPem().getFileName().toString());
        }
    }

    @Test
    void noSignatureIsRefusedWithTheReason() {
        Verdict v = SignatureVerifier.verify(List.of(), IMAGE, REPO, trusting(release()));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.line()).startsWith("not signed: no signature found for sha256:abababababab");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        TestKeys configured = release();
        TestKeys stranger = TestKeys.ecdsa(dir, "stranger");
        Verdict v = SignatureVerifier.verify(List.of(cosign(stranger, payload("skills/echo", IMAGE))), IMAGE, REPO, trusting(configured));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("not by a configured key");
    }

    @Test
    void aValidSignatureOverAnotherDigestIsRefused() {
        TestKeys key = release();
        Verdict v = SignatureVerifier.verify(List.of(cosign(key, payload("skills/echo", OTHER_IMAGE))), IMAGE, REPO, trusting(key));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).isEqualTo("the signature by release.pub is for another digest");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        TestKeys key = release();
        byte[] signed = payload("skills/echo", OTHER_IMAGE);
        String signature = Base64.getEncoder().encodeToString(key.sign(signed));
        byte[] altered = payload("skills/echo", IMAGE);
        Verdict v = SignatureVerifier.verify(List.of(new Candidate.SimpleSigning(SIG_MANIFEST, altered, signature)), IMAGE, REPO, trusting(key));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("payload was altered");
    }

    @Test
    void aSignatureForAnotherRepositoryIsRefusedButTheRegistryHostIsNotCompared() {
        TestKeys key = release();
        assertThat(SignatureVerifier.verify(List.of(cosign(key, payload("registry.example:443/team/other:1.0", IMAGE))), IMAGE, REPO,
                trusting(key)).detail()).isEqualTo("the signature by release.pub names another repository than skills/echo");
        assertThat(SignatureVerifier.verify(List.of(cosign(key, payload("registry.example:443/skills/echo:1.0", IMAGE))), IMAGE, REPO,
                trusting(key)).isSigned()).isTrue();
    }

    @Test
    void oneGoodSignatureAmongBadOnesIsEnough() {
        TestKeys key = release();
        TestKeys stranger = TestKeys.ecdsa(dir, "stranger");
        List<Candidate> found = List.of(cosign(stranger, payload("skills/echo", IMAGE)), cosign(key, payload("skills/echo", IMAGE)));
        assertThat(SignatureVerifier.verify(found, IMAGE, REPO, trusting(key)).isSigned()).isTrue();
    }

    @Test
    void garbageAnnotationsAndPayloadsAreRefusedNotThrown() {
        TestKeys key = release();
        List<Candidate> junk = List.of(new Candidate.SimpleSigning(SIG_MANIFEST, "not json".getBytes(), "!!!"),
                new Candidate.SimpleSigning(SIG_MANIFEST, new byte[0], null),
                new Candidate.SimpleSigning(SIG_MANIFEST, "x".getBytes(), "A".repeat(5000)),
                new Candidate.Bundle(SIG_MANIFEST, "[1,2".getBytes()));
        assertThat(SignatureVerifier.verify(junk, IMAGE, REPO, trusting(key)).isSigned()).isFalse();
    }

    // --- Sigstore bundles (DSSE, in-toto statement) ---

    static byte[] statement(String name, Digest digest) {
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name + "\",\"digest\":{\"sha256\":\""
                + digest.hex() + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static Candidate bundle(TestKeys by, String payloadType, byte[] signedPayload, byte[] shippedPayload, String material) {
        String sig = Base64.getEncoder().encodeToString(by.sign(BundleCheck.pae(payloadType, signedPayload)));
        String json = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":" + material
                + ",\"dsseEnvelope\":{\"payload\":\"" + Base64.getEncoder().encodeToString(shippedPayload) + "\",\"payloadType\":\""
                + payloadType + "\",\"signatures\":[{\"sig\":\"" + sig + "\",\"keyid\":\"\"}]}}";
        return new Candidate.Bundle(SIG_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
    }

    static final String KEY_MATERIAL = "{\"publicKey\":{\"hint\":\"anything\"}}";

    @Test
    void aKeySignedBundleOverThisDigestPasses() {
        TestKeys key = release();
        byte[] st = statement("127.0.0.1:5000/skills/echo", IMAGE);
        Verdict v = SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, st, st, KEY_MATERIAL)), IMAGE, REPO, trusting(key));
        assertThat(v.line()).isEqualTo("signed by release.pub ✓");
    }

    @Test
    void bundlesByAnotherKeyForAnotherDigestOrTamperedAreRefused() {
        TestKeys key = release();
        TestKeys stranger = TestKeys.ecdsa(dir, "stranger");
        byte[] st = statement("skills/echo", IMAGE);
        byte[] other = statement("skills/echo", OTHER_IMAGE);
        assertThat(SignatureVerifier.verify(List.of(bundle(stranger, BundleCheck.IN_TOTO, st, st, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).contains("not signed by a configured key");
        assertThat(SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, other, other, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).isEqualTo("the bundle signed by release.pub is for another digest");
        assertThat(SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, other, st, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).contains("payload was altered");
        assertThat(SignatureVerifier.verify(List.of(bundle(key, "text/plain", st, st, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).contains("not an in-toto statement");
    }

    static byte[] statement(String name, Digest digest, String predicateType) {
        return new String(statement(name, digest), StandardCharsets.UTF_8).replace("https://sigstore.dev/cosign/sign/v1", predicateType)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBundleAttestingSomethingElseIsNoSignature() {
        TestKeys key = release();
        byte[] provenance = statement("skills/echo", IMAGE, "https://slsa.dev/provenance/v1");
        Verdict v = SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, provenance, provenance, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("attests https:").contains("slsa.dev/provenance/v1, not an image signature");
        byte[] none = new String(statement("skills/echo", IMAGE), StandardCharsets.UTF_8)
                .replace(",\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\"", "").getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, none, none, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).contains("attests no predicate type");
    }

    @Test
    void aBundleSubjectWithoutANameVouchesForNoRepository() {
        TestKeys key = release();
        byte[] unnamed = ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"" + IMAGE.hex()
                + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8);
        Verdict v = SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, unnamed, unnamed, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("names no repository");
        byte[] elsewhere = statement("127.0.0.1:5000/team/other", IMAGE);
        assertThat(SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, elsewhere, elsewhere, KEY_MATERIAL)), IMAGE, REPO,
                trusting(key)).detail()).contains("another repository than skills/echo");
    }

    @Test
    void keylessBundlesAreNamedAsSuchAndRefused() {
        TestKeys key = release();
        byte[] st = statement("skills/echo", IMAGE);
        Verdict v = SignatureVerifier.verify(List.of(bundle(key, BundleCheck.IN_TOTO, st, st,
                "{\"certificate\":{\"rawBytes\":\"MIIB\"}}")), IMAGE, REPO, trusting(key));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("keyless (Fulcio certificate)");
    }

    @Test
    void referenceCheckStripsHostTagAndDigestOnly() {
        assertThat(ReferenceCheck.names("skills/echo", REPO)).isTrue();
        assertThat(ReferenceCheck.names("localhost/skills/echo@sha256:" + "ab".repeat(32), REPO)).isTrue();
        assertThat(ReferenceCheck.names("127.0.0.1:5000/skills/echo:1.0", REPO)).isTrue();
        assertThat(ReferenceCheck.names("skills/echo-evil", REPO)).isFalse();
        assertThat(ReferenceCheck.names("evil/skills/echo", REPO)).isFalse();
        assertThat(ReferenceCheck.names("", REPO)).isFalse();
        assertThat(ReferenceCheck.names(null, REPO)).isFalse();
    }
}
