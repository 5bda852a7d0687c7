package com.larkops.signature;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.testing.SigstoreJs;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestKeys;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signatures found in the real registry. Bundles come from Sigstore's own libraries (@sigstore/sign builds and
 * signs the DSSE envelope through a key signer, @sigstore/oci attaches it as an OCI referrer — through the
 * referrers tag schema, since distribution 2.8 answers 404 on the referrers API), and every bundle case is
 * cross-checked: larkops accepts exactly what @sigstore/verify accepts (plus the subject-digest check).
 * Cosign-tag cases are written by our own test script (no cosign here): they test our reading of that format.
 */
@org.junit.jupiter.api.Tag("smoke") // also run by the fresh-machine check (README)
class SignatureIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String REPO = "signit/img" + SUFFIX;
    static Path dir;
    static TestKeys release;
    static TestKeys stranger;
    static String a;
    static String b;
    static String c;
    static String d;
    static String e;
    static SignatureGate gate;
    static VerifyPolicy policy;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("larkops-sig");
        release = TestKeys.ecdsa(dir, "release");
        stranger = TestKeys.ecdsa(dir, "stranger");
        String host = TestRegistry.get().host();
        a = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        b = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        c = TestImages.push(host, REPO, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        d = TestImages.push(host, REPO, "4.0.0", "4.0.0", TestImages.Kind.HEALTHY);
        e = TestImages.push(host, REPO, "5.0.0", "5.0.0", TestImages.Kind.HEALTHY);
        gate = SignatureGate.over(new RegistryClient(host, RegistryCredentials.none(), false));
        policy = new VerifyPolicy(List.of(SigningKey.load(release.publicPem())), Set.of(Env.PROD));
    }

    private static Verdict larkops(String digest) {
        return gate.verify(policy, REPO, Digest.parse(digest));
    }

    private static boolean sigstoreJs(Path bundle, String digest) {
        return SigstoreJs.verify(bundle, release.publicPem(), digest);
    }

    @Test
    void thirdPartyBundlesLarkopsAcceptsExactlyWhatSigstoreVerifyAccepts() {
        // signed by the configured key → allowed
        Path good = SigstoreJs.bundle(REPO, a, release.privatePem(), dir.resolve("good.json"));
        assertThat(sigstoreJs(good, a)).isTrue();
        assertThat(larkops(a).line()).isEqualTo("signed by release.pub ✓");

        // signed by another key → refused
        Path other = SigstoreJs.bundle(REPO, b, stranger.privatePem(), dir.resolve("other.json"));
        assertThat(sigstoreJs(other, b)).isFalse();
        assertThat(larkops(b).isSigned()).isFalse();
        assertThat(larkops(b).detail()).contains("not signed by a configured key");

        // a signature over digest a, attached to digest c → refused
        Path copied = SigstoreJs.bundle(REPO, c, release.privatePem(), dir.resolve("copied.json"), "--statement-digest", a);
        assertThat(sigstoreJs(copied, c)).isFalse();
        assertThat(larkops(c).isSigned()).isFalse();
        assertThat(larkops(c).detail()).contains("for another digest");

        // the statement altered after signing → refused
        Path tampered = SigstoreJs.bundle(REPO, d, release.privatePem(), dir.resolve("tampered.json"), "--tamper");
        assertThat(sigstoreJs(tampered, d)).isFalse();
        assertThat(larkops(d).isSigned()).isFalse();
        assertThat(larkops(d).detail()).contains("payload was altered");
    }

    @Test
    void theOneDeliberateDifferenceLarkopsAlsoChecksTheRepositoryTheStatementNames() throws Exception {
        String repo = REPO + "-named";
        String image = TestImages.push(TestRegistry.get().host(), repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        Path elsewhere = SigstoreJs.bundle(repo, image, release.privatePem(), dir.resolve("named.json"), "--name", "team/other");
        assertThat(sigstoreJs(elsewhere, image)).as("@sigstore/verify checks signature and digest, not names").isTrue();
        assertThat(gate.verify(policy, repo, Digest.parse(image)).detail()).contains("names another repository than " + repo);
    }

    @Test
    void anUnsignedDigestIsRefusedAndTheGateOnlyAsksForListedEnvs() {
        assertThat(larkops(e).line()).startsWith("not signed: no signature found for " + Digest.parse(e).shortForm());
        assertThat(gate.check(policy, REPO, Env.STAGING, Digest.parse(e))).isEmpty();
        assertThat(gate.check(policy, REPO, Env.PROD, Digest.parse(e))).hasValueSatisfying(v -> assertThat(v.isSigned()).isFalse());
    }

    @Test
    void cosignTagSignaturesWrittenByOurTestScript() throws Exception {
        String repo = REPO + "-cosign";
        String host = TestRegistry.get().host();
        String signed = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String byStranger = TestImages.push(host, repo, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        String otherDigest = TestImages.push(host, repo, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        String copiedTo = TestImages.push(host, repo, "4.0.0", "4.0.0", TestImages.Kind.HEALTHY);
        SigstoreJs.cosign(repo, signed, release.privatePem());
        SigstoreJs.cosign(repo, byStranger, stranger.privatePem());
        SigstoreJs.cosign(repo, otherDigest, release.privatePem(), "--payload-digest", signed);
        copyManifest(repo, "sha256-" + Digest.parse(signed).hex() + ".sig", "sha256-" + Digest.parse(copiedTo).hex() + ".sig");

        assertThat(gate.verify(policy, repo, Digest.parse(signed)).line()).isEqualTo("signed by release.pub ✓");
        assertThat(gate.verify(policy, repo, Digest.parse(byStranger)).detail()).contains("not by a configured key");
        assertThat(gate.verify(policy, repo, Digest.parse(otherDigest)).detail()).contains("for another digest");
        assertThat(gate.verify(policy, repo, Digest.parse(copiedTo)).detail()).contains("for another digest");
    }

    /**
     * cosign's own payload and signature (see {@link CosignVector}) served from the real registry under the cosign
     * tag: the signature manifest around them is ours (the original config blob is not published), the signed
     * bytes are cosign's.
     */
    @Test
    void aCosignMadeSignatureInTheRegistryVerifies() throws Exception {
        String repo = CosignVector.REPOSITORY; // the repository the payload names; this JVM's registry is fresh
        String base = "http://" + TestRegistry.get().host() + "/v2/" + repo;
        HttpClient http = HttpClient.newHttpClient();
        String config = putBlob(http, base, "{}".getBytes());
        assertThat(putBlob(http, base, CosignVector.PAYLOAD)).isEqualTo(CosignVector.PAYLOAD_DIGEST.value());
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\"" + config + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":" + CosignVector.PAYLOAD.length + ",\"digest\":\""
                + CosignVector.PAYLOAD_DIGEST + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + CosignVector.SIGNATURE + "\"}}]}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/sha256-" + CosignVector.SUBJECT.hex() + ".sig"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json").PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        Path dir = Files.createTempDirectory("larkops-cosign");
        VerifyPolicy cosignKey = new VerifyPolicy(List.of(CosignVector.key(dir)), Set.of(Env.PROD));
        assertThat(gate.verify(cosignKey, repo, CosignVector.SUBJECT).line()).isEqualTo("signed by cosign.pub ✓");
        assertThat(gate.verify(policy, repo, CosignVector.SUBJECT).detail()).contains("not by a configured key");
    }

    static String putBlob(HttpClient http, String base, byte[] data) throws Exception {
        HttpResponse<Void> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String digest = com.larkops.registry.Manifest.sha256(data).value();
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(base).resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(upload).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return digest;
    }

    @Test
    void anOversizedReferrersIndexIsNotReadPastItsLimit() throws Exception {
        String repo = REPO + "-big";
        String host = TestRegistry.get().host();
        String image = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
        for (int i = 0; i < 12_000; i++) {
            index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(image).append("\",\"size\":1,\"artifactType\":\"application/x-padding\"}");
        }
        byte[] body = index.append("]}").toString().getBytes();
        assertThat(body.length).isGreaterThan(1 << 20);
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repo
                        + "/manifests/sha256-" + Digest.parse(image).hex()))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        Verdict v = gate.verify(policy, repo, Digest.parse(image));
        assertThat(v.isSigned()).isFalse();
        assertThat(v.detail()).contains("could not be read").contains("more than 1048576 bytes");
    }

    static void copyManifest(String repo, String from, String to) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + TestRegistry.get().host() + "/v2/" + repo + "/manifests/";
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(base + from))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + to))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(got.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }
}
