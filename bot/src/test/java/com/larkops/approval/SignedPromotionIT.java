package com.larkops.approval;

import com.larkops.model.Digest;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify:} end to end through the bot: an unsigned or wrongly signed digest never gets an approval card
 * for prod, a signed one's card says who signed it, staging refuses unsigned digests where listed, and a
 * break-glass rollback to a digest live before goes through without re-checking. Signatures are Sigstore bundles
 * made by @sigstore/sign and attached by @sigstore/oci in the real registry.
 */
class SignedPromotionIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    /** Signatures live in each repository, so each prod-only test has a service and repository of its own. */
    static final String UNSIGNED = "sigp" + SUFFIX + "-u";
    static final String SIGNED = "sigp" + SUFFIX + "-s";
    static final String IMAGES = "sigp" + SUFFIX + "-i";
    static final String BOTH = "sigs" + SUFFIX;
    static final String REPO_P = "signedit/p" + SUFFIX;
    static final String REPO_S = "signedit/s" + SUFFIX;
    static final String NETWORK = "larkops-sg-" + SUFFIX;
    static Path dir;
    static TestKeys release;
    static TestKeys stranger;
    static String p1;
    static String p2;
    static String s1;
    static String s2;
    static final Duration SOAK = Duration.ofMinutes(5);
    static BotHarness bot;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("larkops-sigp");
        release = TestKeys.ecdsa(dir, "release");
        stranger = TestKeys.ecdsa(dir, "stranger");
        String host = TestRegistry.get().host();
        p1 = TestImages.push(host, REPO_P, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        p2 = TestImages.push(host, REPO_P, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        for (String service : List.of(UNSIGNED, SIGNED, IMAGES)) {
            for (String version : List.of("1.0.0", "2.0.0")) {
                TestImages.copy(host, REPO_P, version, repoOf(service));
            }
        }
        s1 = TestImages.push(host, REPO_S, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        s2 = TestImages.push(host, REPO_S, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, REPO_S, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                verify: {keys: [%s], for: [prod]}
                services:
                %s  %s:
                    repository: %s
                    soak: 5m
                    health_timeout: 5s
                    verify: {keys: [%s], for: [staging, prod]}
                """.formatted(host, NETWORK, release.publicPem(), prodOnly(UNSIGNED) + prodOnly(SIGNED) + prodOnly(IMAGES),
                BOTH, REPO_S, release.publicPem())).start();
    }

    static String repoOf(String service) {
        return "signedit/" + service;
    }

    /** A service whose signatures are checked for prod only (the top-level {@code verify}). */
    static String prodOnly(String service) {
        return """
                  %s:
                    repository: %s
                    soak: 5m
                    health_timeout: 5s
                """.formatted(service, repoOf(service));
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        // both services' containers first: a network with a container still attached cannot be removed
        for (String service : List.of(BOTH, UNSIGNED, SIGNED)) {
            DockerCli.removeService(service, null);
        }
        DockerCli.removeService(IMAGES, NETWORK);
    }

    @Test
    void unsignedAndStrangerSignedDigestsGetNoApprovalCard() throws Exception {
        long postedBefore = bot.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages")).count();
        bot.command("ou_dev1", "/deploy " + UNSIGNED + " 1.0.0", "live in staging");
        bot.passSoak(UNSIGNED, "staging", SOAK); // known-good in staging, so only the signature stands in the way
        String unsigned = bot.command("ou_dev1", "/promote " + UNSIGNED + " to prod", "cannot go to prod");
        assertThat(unsigned).contains("not signed: no signature found for " + Digest.parse(p1).shortForm())
                .contains("needs a signature by release.pub");

        SigstoreJs.bundle(repoOf(UNSIGNED), p2, stranger.privatePem(), dir.resolve("p2.json"));
        bot.command("ou_dev1", "/deploy " + UNSIGNED + " 2.0.0", "live in staging");
        bot.passSoak(UNSIGNED, "staging", SOAK);
        assertThat(bot.command("ou_dev1", "/deploy " + UNSIGNED + " 2.0.0 prod", "cannot go to prod")).contains("not signed by a configured key");
        assertThat(bot.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages")).count())
                .as("nothing posted to a chat").isEqualTo(postedBefore);
    }

    @Test
    void aSignedDigestsCardSaysWhoSignedItAndApproveDeploysIt() {
        bot.command("ou_dev1", "/deploy " + SIGNED + " 1.0.0", "live in staging");
        bot.passSoak(SIGNED, "staging", SOAK);
        SigstoreJs.bundle(repoOf(SIGNED), p1, release.privatePem(), dir.resolve("p1.json"));
        String reply = bot.command("ou_dev1", "/deploy " + SIGNED + " 1.0.0 prod", "approval requested");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        String requestId = m.group(1);
        // the approval card is the command's one reply
        FakeLark.Sent card = bot.lark.await(s -> s.isReply() && s.text().contains(requestId), Duration.ofSeconds(10), "the approval card");
        assertThat(card.content().toString()).contains("**Signature** signed by release.pub ✓").contains(p1);
        var click = bot.events.cardAction("ev_card_" + UUID.randomUUID(), "ou_lead", "oc_ops", card.responseMessageId(),
                Map.of("action", "approve", "request_id", requestId));
        assertThat(bot.post(bot.events.deliver(click)).body()).contains("approved");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SIGNED + " 1.0.0 → prod — live"),
                Duration.ofSeconds(60), "the card patched to live");
    }

    @Test
    void imagesMarksSignedDigestsAndHidesSignatureTags() {
        SigstoreJs.bundle(repoOf(IMAGES), p1, release.privatePem(), dir.resolve("i1.json"));
        SigstoreJs.bundle(repoOf(IMAGES), p2, stranger.privatePem(), dir.resolve("i2.json"));
        String images = bot.command("ou_dev1", "/images " + IMAGES, "tag(s)");
        assertThat(images.lines().filter(l -> l.startsWith(p1))).singleElement().asString().contains("signed by release.pub ✓");
        assertThat(images.lines().filter(l -> l.startsWith(p2))).singleElement().asString().endsWith("unsigned");
        assertThat(images).doesNotContain("sha256-");
    }

    @Test
    void stagingListedRefusesUnsignedAndABreakGlassRollbackIsNotReChecked() throws Exception {
        assertThat(bot.command("ou_dev1", "/deploy " + BOTH + " 1.0.0", "cannot go to staging")).contains("not signed");
        SigstoreJs.bundle(REPO_S, s1, release.privatePem(), dir.resolve("s1.json"));
        SigstoreJs.bundle(REPO_S, s2, release.privatePem(), dir.resolve("s2.json"));
        assertThat(bot.command("ou_dev1", "/deploy " + BOTH + " 1.0.0", "live in staging")).isNotBlank();
        bot.passSoak(BOTH, "staging", SOAK);
        bot.command("ou_dev1", "/deploy " + BOTH + " 2.0.0", "live in staging");
        // 1.0.0 loses its signature: a deploy is refused again, a rollback to it (live before) is not
        deleteReferrers(REPO_S, s1);
        assertThat(bot.command("ou_dev1", "/deploy " + BOTH + " 1.0.0", "cannot go to staging")).contains("no signature found");
        // a "rollback" to a digest never live here is no way around the signature: it is refused as a deploy in disguise
        assertThat(bot.command("ou_dev1", "/rollback " + BOTH + " staging to 3.0.0", "not a rollback target")).contains("never ran in staging");
        String rollback = bot.command("ou_dev1", "/rollback " + BOTH, "live in staging");
        assertThat(rollback).contains("signature not re-checked");
        String running = DockerCli.docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + BOTH,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(label(running, "larkops.digest")).isEqualTo(s1);
    }


    /** Removes the referrers-tag index that points at a digest's bundles: the digest is unsigned again. */
    static void deleteReferrers(String repo, String digest) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://" + TestRegistry.get().host() + "/v2/" + repo + "/manifests/";
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url + "sha256-" + Digest.parse(digest).hex()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.index.v1+json").build(), HttpResponse.BodyHandlers.discarding());
        String index = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
        HttpResponse<Void> delete = http.send(HttpRequest.newBuilder(URI.create(url + index)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(delete.statusCode()).isEqualTo(202);
    }
}
