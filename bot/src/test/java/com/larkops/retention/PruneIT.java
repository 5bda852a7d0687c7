package com.larkops.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.SigningKey;
import com.larkops.signature.VerifyPolicy;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.Sqlite;
import com.larkops.testing.Poll;
import com.larkops.testing.TestConfig;
import com.larkops.testing.SigstoreJs;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestKeys;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * /prune through signed Lark events against the real engine and registry: three releases deployed (each
 * known-good), two more versions pushed, then keep_stopped lowered to 1 and a policy that keeps only what the
 * hard protections and "newest 1" demand. The dry run names exactly v1 and v4; --apply deletes them from the
 * registry, removes the surplus stopped container and v1's local image, and leaves the running service alone.
 * <p>
 * Signatures: v1 and v3 carry cosign {@code .sig} tags, v4 and v5 Sigstore bundles attached as OCI referrers by
 * Sigstore's own JS libraries (a referrers-schema index tag plus an untagged bundle manifest); two images pushed
 * and signed, then deleted behind larkops' back, leave orphan signatures (x's {@code .sig}, y's bundle). The
 * signatures are never counted as versions; --apply deletes those of v1, v4 and x, while y, put back between
 * dry run and apply, keeps its signature (the live re-check skips it), and v3's and v5's still verify.
 * <p>
 * The dry run, its apply and a second apply are one story (each step starts from what the one before left),
 * so they are one test; the role checks change nothing and run alone.
 */
class PruneIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "prune" + SUFFIX;
    static final String REPO = "pruneit/echo" + SUFFIX;
    static final String NETWORK = "larkops-prune-" + SUFFIX;
    static final String[] V = new String[6];
    static String orphanX;
    static String orphanY;
    static HttpResponse<byte[]> orphanYManifest;
    static TestKeys key;
    static BotHarness bot;
    static int messages;
    static String runningBefore;

    static String config(int keepStopped) {
        return TestConfig.on(NETWORK).approvers("ou_lead").set("keep_stopped", String.valueOf(keepStopped))
                .service(SERVICE, REPO, "soak", "1s", "health_timeout", "20s",
                        "retention", "{keep_versions: 1, keep_days: 0, keep_known_good: 1, untagged_days: 0}")
                .build();
    }

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        for (int i = 1; i <= 5; i++) {
            // a label of our own: identical builds would share digests with other tests' containers, which protect them
            V[i] = TestImages.push(host, REPO, i + ".0.0", i + ".0.0", TestImages.Kind.HEALTHY, "LABEL test.larkops=" + SUFFIX);
            TestImages.run(null, "docker", "rmi", "-f", host + "/" + REPO + ":" + i + ".0.0");
        }
        Path keys = Files.createTempDirectory("larkops-prune-sig");
        key = TestKeys.ecdsa(keys, "release");
        SigstoreJs.cosign(REPO, V[1], key.privatePem());
        SigstoreJs.cosign(REPO, V[3], key.privatePem());
        SigstoreJs.bundle(REPO, V[4], key.privatePem(), keys.resolve("v4.json"));
        SigstoreJs.bundle(REPO, V[5], key.privatePem(), keys.resolve("v5.json"));
        orphanX = TestImages.push(host, REPO, "0.8.0", "0.8.0", TestImages.Kind.HEALTHY, "LABEL test.larkops=" + SUFFIX + "x");
        orphanY = TestImages.push(host, REPO, "0.9.0", "0.9.0", TestImages.Kind.HEALTHY, "LABEL test.larkops=" + SUFFIX + "y");
        for (String v : new String[] {"0.8.0", "0.9.0"}) {
            TestImages.run(null, "docker", "rmi", "-f", host + "/" + REPO + ":" + v);
        }
        SigstoreJs.cosign(REPO, orphanX, key.privatePem());
        SigstoreJs.bundle(REPO, orphanY, key.privatePem(), keys.resolve("y.json"));
        orphanYManifest = registry("GET", orphanY, null, null);
        assertThat(registry("DELETE", orphanX, null, null).statusCode()).isEqualTo(202);
        assertThat(registry("DELETE", orphanY, null, null).statusCode()).isEqualTo(202);
        bot = new BotHarness(config(3)).start();
        for (int i = 1; i <= 3; i++) {
            command("ou_dev1", "/deploy " + SERVICE + " " + i + ".0.0", "live in staging");
            String release = String.valueOf(i);
            Poll.until("release " + i + " known-good after its 1 s soak", Duration.ofSeconds(20),
                    () -> knownGood(release));
        }
        // the operator lowers keep_stopped: the next prune removes the surplus stopped container
        bot.stopBot();
        Files.writeString(bot.configFile, config(1));
        bot.start();
        runningBefore = docker("ps", "-q", "--no-trunc", "--filter", "label=larkops.service=" + SERVICE).strip();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String id : docker("ps", "-aq", "--filter", "label=larkops.service=" + SERVICE).split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        for (int i = 1; i <= 5; i++) {
            try {
                docker("rmi", "-f", TestRegistry.get().host() + "/" + REPO + "@" + V[i]);
            } catch (RuntimeException e) {
                // not present here
            }
        }
        try {
            docker("network", "rm", NETWORK);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    @Test
    void dryRunNeedsTheDeployerRoleAndApplyTheApprover() {
        assertThat(command("ou_nobody", "/prune " + SERVICE, "needs the deployer role")).isNotBlank();
        assertThat(command("ou_dev1", "/prune " + SERVICE + " --apply", "needs the approver role")).isNotBlank();
        assertThat(command("ou_dev1", "/prune nosuch", "unknown service")).contains("usage:");
    }

    @Test
    void aDryRunThenItsApplyThenASecondApplyWithoutDryRun() throws Exception {
        dryRunShowsWhatWouldGoAndWhyTheRestStaysAndChangesNothing();
        applyDeletesExactlyThePlanAndLeavesProtectedDigestsPullable();
        aSecondApplyWithoutDryRunPlansAfreshAndFindsNothingMore();
    }

    private void dryRunShowsWhatWouldGoAndWhyTheRestStaysAndChangesNothing() throws Exception {
        String reply = command("ou_dev1", "/prune " + SERVICE, "prune plan");
        assertThat(reply).contains("delete 2 manifest(s)").contains("remove 1 stopped container(s), 1 image(s)")
                .as("signature and referrers tags are not versions").contains("keep 3;")
                .contains("signatures and other attached manifests: delete 6, keep 3");
        assertThat(reply).contains("delete signature " + shortForm(probe().requireDigest(REPO, sigTag(V[1]))) + " — attached to "
                        + shortForm(V[1]) + " is deleted in this plan")
                .contains("delete referrers index " + shortForm(probe().requireDigest(REPO, referrersTag(V[4]))) + " — attached to " + shortForm(V[4]))
                .contains("delete signature bundle " + shortForm(referrers(V[4]).get(0)) + " (untagged) — attached to " + shortForm(V[4]))
                .contains("delete signature " + shortForm(probe().requireDigest(REPO, sigTag(orphanX))) + " — attached to "
                        + shortForm(orphanX) + " is gone from the registry")
                .contains("delete referrers index " + shortForm(probe().requireDigest(REPO, referrersTag(orphanY))))
                .doesNotContain(shortForm(probe().requireDigest(REPO, sigTag(V[3])))).doesNotContain(referrersTag(V[5]));
        assertThat(line(reply, V[1])).startsWith("delete 1.0.0");
        assertThat(line(reply, V[4])).startsWith("delete 4.0.0");
        assertThat(line(reply, V[3])).startsWith("keep").contains("runs in").contains("staging tag").contains("known-good #1");
        assertThat(line(reply, V[2])).startsWith("keep").contains("held by stopped container");
        assertThat(line(reply, V[5])).startsWith("keep").contains("among the newest 1");
        assertThat(reply).contains("remove container " + SERVICE + "-staging-r1");
        for (int i = 1; i <= 5; i++) {
            assertThat(manifestExists(V[i])).as("dry run deletes nothing: v%d", i).isTrue();
        }
        assertThat(sql("SELECT COUNT(*) FROM prune_plans WHERE scope='" + SERVICE + "' AND applied_ms IS NULL")).isEqualTo("1");
    }

    private void applyDeletesExactlyThePlanAndLeavesProtectedDigestsPullable() throws Exception {
        String v1Signature = probe().requireDigest(REPO, sigTag(V[1]));
        String v4Index = probe().requireDigest(REPO, referrersTag(V[4]));
        String v4Bundle = referrers(V[4]).get(0);
        String xSignature = probe().requireDigest(REPO, sigTag(orphanX));
        // y is pushed again (same bytes, same digest) after the dry run: its signature must now stay
        assertThat(registry("PUT", orphanY, orphanYManifest.body(),
                orphanYManifest.headers().firstValue("Content-Type").orElseThrow()).statusCode()).isEqualTo(201);

        String reply = command("ou_lead", "/prune " + SERVICE + " --apply", "prune applied");
        assertThat(reply).contains("deleted 2 manifest(s)").contains("removed 2 from the host").doesNotContain("no dry run")
                .contains("deleted " + REPO + "@" + V[1]).contains("deleted " + REPO + "@" + V[4])
                .contains("and 4 signature(s) or attached manifest(s)").contains("skipped 2")
                .contains("deleted signature " + REPO + "@" + v1Signature + " (" + sigTag(V[1]) + ") of " + shortForm(V[1]))
                .contains("deleted signature bundle " + REPO + "@" + v4Bundle + " (untagged) of " + shortForm(V[4]))
                .contains(shortForm(orphanY) + " is still in the registry: its signature stays with it");
        for (String gone : new String[] {sigTag(V[1]), v1Signature, referrersTag(V[4]), v4Index, v4Bundle, sigTag(orphanX), xSignature}) {
            assertThat(probe().digest(REPO, gone)).as("%s answers 404", gone).isEmpty();
        }
        assertThat(probe().digest(REPO, referrersTag(orphanY))).as("y is back, so its referrers stay").isPresent();
        assertThat(probe().digest(REPO, sigTag(V[3]))).isPresent();
        SignatureGate gate = SignatureGate.over(new RegistryClient(TestRegistry.get().host(), RegistryCredentials.none(), false));
        VerifyPolicy policy = new VerifyPolicy(List.of(SigningKey.load(key.publicPem())), Set.of(Env.PROD));
        assertThat(gate.verify(policy, REPO, Digest.parse(V[3])).line()).as("v3's cosign signature").isEqualTo("signed by release.pub ✓");
        assertThat(gate.verify(policy, REPO, Digest.parse(V[5])).line()).as("v5's bundle").isEqualTo("signed by release.pub ✓");
        assertThat(manifestExists(V[1])).isFalse();
        assertThat(manifestExists(V[4])).isFalse();
        for (int i : new int[] {2, 3, 5}) {
            // every blob served and matching its digest, not just the manifest
            assertThat(RegistryProbe.of(TestRegistry.get()).pullAll(REPO, V[i])).isGreaterThanOrEqualTo(3);
        }
        assertThatThrownBy(() -> docker("image", "inspect", TestRegistry.get().host() + "/" + REPO + "@" + V[1]))
                .as("v1's local image is removed").isInstanceOf(IllegalStateException.class);
        assertThat(docker("ps", "-a", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE).lines().sorted().toList())
                .containsExactly(SERVICE + "-staging-r2", SERVICE + "-staging-r3");
        assertThat(docker("ps", "-q", "--no-trunc", "--filter", "label=larkops.service=" + SERVICE).strip()).isEqualTo(runningBefore);
        assertThat(docker("inspect", "--format", "{{.State.Running}}", runningBefore).strip()).isEqualTo("true");
        assertThat(Integer.parseInt(sql("SELECT COUNT(*) FROM audit WHERE command LIKE 'prune: delete " + REPO + "@%' AND outcome='ok'"))).isEqualTo(2);
        assertThat(Integer.parseInt(sql("SELECT COUNT(*) FROM audit WHERE command LIKE 'prune: delete %' AND outcome='ok'"))).isEqualTo(6);
        assertThat(Integer.parseInt(sql("SELECT COUNT(*) FROM audit WHERE command LIKE 'prune: delete % of " + shortForm(orphanY)
                + "' AND outcome='skipped'"))).isEqualTo(2);
    }

    private void aSecondApplyWithoutDryRunPlansAfreshAndFindsNothingMore() {
        String reply = command("ou_lead", "/prune " + SERVICE + " --apply", "prune applied");
        assertThat(reply).contains("no dry run for this scope").contains("deleted 0 manifest(s)").doesNotContain("attached manifest(s)");
        assertThat(manifestExists(V[2])).isTrue();
        assertThat(manifestExists(V[3])).isTrue();
    }

    // --- helpers ---

    static String line(String reply, String digest) {
        return reply.lines().map(String::strip).filter(l -> l.contains(digest) && (l.startsWith("delete") || l.startsWith("keep")))
                .findFirst().orElseThrow(() -> new AssertionError(digest + " not in:\n" + reply));
    }

    static RegistryProbe probe() {
        return RegistryProbe.of(TestRegistry.get());
    }

    static String sigTag(String digest) {
        return "sha256-" + Digest.parse(digest).hex() + ".sig";
    }

    static String referrersTag(String digest) {
        return "sha256-" + Digest.parse(digest).hex();
    }

    static String shortForm(String digest) {
        return Digest.parse(digest).shortForm();
    }

    /** The manifests the referrers-schema index of {@code digest} lists, read straight from the registry. */
    static List<String> referrers(String digest) throws Exception {
        HttpResponse<byte[]> index = registry("GET", referrersTag(digest), null, null);
        assertThat(index.statusCode()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        new ObjectMapper().readTree(index.body()).path("manifests").forEach(m -> out.add(m.path("digest").asText()));
        assertThat(out).isNotEmpty();
        return out;
    }

    /** A raw manifest request to the test registry (the test's own hand, not larkops'). */
    static HttpResponse<byte[]> registry(String method, String reference, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + TestRegistry.get().host() + "/v2/" + REPO + "/manifests/" + reference))
                .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json");
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static boolean manifestExists(String digest) {
        return RegistryProbe.of(TestRegistry.get()).manifestExists(REPO, digest);
    }

    static String command(String user, String text, String expect) {
        String messageId = "om_" + (++messages) + "_" + SUFFIX;
        assertThat(bot.say("oc_ops", user, messageId, text).statusCode()).isEqualTo(200);
        return bot.lark.awaitReply(messageId, t -> t.contains(expect), Duration.ofSeconds(90)).text();
    }

    static boolean knownGood(String releaseId) {
        try {
            return sql("SELECT known_good_ms IS NOT NULL FROM releases WHERE id=" + releaseId).equals("1");
        } catch (Exception e) {
            return false;
        }
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }


}
