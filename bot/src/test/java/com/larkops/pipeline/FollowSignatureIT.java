package com.larkops.pipeline;

import com.larkops.model.Digest;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.SigstoreJs;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestKeys;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signature pushed after its image: with {@code verify} covering staging, the automatic deploy of an unsigned
 * push is refused and the digest waits; the signature's own push (a real docker-registry notifying the running
 * bot) re-checks it and, while it is still the newest to follow, deploys it through the normal path. Signatures
 * are made by the project's signing path: deploy/sigstore (Sigstore's libraries, as deploy/release uses them;
 * a bundle attached under the referrers tag schema) and its cosign-convention writer (the {@code .sig} tag).
 * One bot and one notifying registry; each test has a service (and repository) of its own and pushes what it
 * starts from.
 */
class FollowSignatureIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final int SERVICES = 3;
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** This test's service and repository. */
    static String SERVICE;
    static String REPO;
    static final String NETWORK = "larkops-sgf-" + SUFFIX;
    static final String TOKEN = "registry-token-" + UUID.randomUUID();
    static TestRegistry registry;
    static BotHarness bot;
    static String host;
    static Path dir;
    static TestKeys release;
    static TestKeys stranger;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("larkops-followsig");
        release = TestKeys.ecdsa(dir, "release");
        stranger = TestKeys.ecdsa(dir, "stranger");
        int registryPort = TestRegistry.freePort();
        host = "127.0.0.1:" + registryPort;
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                services:
                %s""".formatted(host, NETWORK, services())).withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", TOKEN).start();
        registry = TestRegistry.startNotifying(registryPort, bot.port(), TOKEN);
    }

    static String serviceOf(int n) {
        return "sgf" + SUFFIX + "-" + n;
    }

    static String services() {
        StringBuilder services = new StringBuilder();
        for (int n = 1; n <= SERVICES; n++) {
            services.append("""
                      %s:
                        repository: %s
                        port: 8080
                        health: /healthz
                        soak: 1h
                        health_timeout: 6s
                        follow: all
                        verify: {keys: [%s], for: [staging, prod]}
                    """.formatted(serviceOf(n), "followsig/" + serviceOf(n), release.publicPem()));
        }
        return services.toString();
    }

    @BeforeEach
    void serviceOfItsOwn() {
        int n = TESTS.incrementAndGet();
        assertThat(n).as("a service in the config for each test").isLessThanOrEqualTo(SERVICES);
        SERVICE = serviceOf(n);
        REPO = "followsig/" + SERVICE;
    }

    /** 1.0.0 pushed unsigned (refused), then its bundle: followed to staging. Returns its digest. */
    static String signedAndFollowed() {
        String digest = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        awaitRefused("1.0.0");
        SigstoreJs.bundleAt(host, REPO, digest, release.privatePem(), dir.resolve(SERVICE + "-v100.json"));
        // the version's refusal was its first news; what follows about it is a reply in that thread (#25 part 3)
        bot.lark.awaitThreadedCard(t -> t.contains(SERVICE + " 1.0.0") && t.contains("signed; deploying to staging"),
                t -> t.contains("1.0.0") && t.contains("live in staging"), Duration.ofSeconds(90));
        return digest;
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        if (registry != null) {
            registry.stop();
        }
        for (int n = 1; n <= SERVICES; n++) {
            DockerCli.removeService(serviceOf(n), null);
        }
        DockerCli.removeService("sgf" + SUFFIX, NETWORK);
    }

    @Test
    void anUnsignedPushIsRefusedThenItsSigstoreBundleArrivesAndStagingFollows() {
        String v100 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        FakeLark.Sent refused = awaitRefused("1.0.0");
        assertThat(refused.text()).contains("not signed").contains("Pushing a valid signature deploys it");
        assertThat(staging()).isEmpty();

        SigstoreJs.bundleAt(host, REPO, v100, release.privatePem(), dir.resolve("v100.json"));
        // the version's refusal was its first news; what follows about it is a reply in that thread (#25 part 3)
        bot.lark.awaitThreadedCard(t -> t.contains(SERVICE + " 1.0.0") && t.contains("signed; deploying to staging"),
                t -> t.contains("1.0.0") && t.contains("live in staging"), Duration.ofSeconds(90));
        String container = staging();
        assertThat(label(container, "larkops.digest")).isEqualTo(v100);
        assertThat(label(container, "larkops.deployed-by")).isEqualTo(Follower.ACTOR);
    }

    @Test
    void onlyTheNewestWaitingDigestIsFollowedWhenItsCosignSignatureArrives() throws Exception {
        String v100 = signedAndFollowed();
        String v101 = TestImages.push(host, REPO, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        awaitRefused("1.0.1");
        String v102 = TestImages.push(host, REPO, "1.0.2", "1.0.2", TestImages.Kind.HEALTHY);
        awaitRefused("1.0.2");

        // 1.0.1 is signed, but 1.0.2 was pushed after it and waits too: nothing is deployed
        SigstoreJs.cosignAt(host, REPO, v101, release.privatePem());
        awaitSql("SELECT outcome || ': ' || detail FROM audit WHERE command='signature " + REPO + ":1.0.1 via registry'",
                "ignore: 1.0.2 was pushed and is newer; only the newest version to follow is deployed");
        assertThat(label(staging(), "larkops.digest")).isEqualTo(v100);

        // a signature by a key the service does not trust leaves 1.0.2 waiting, and says so
        SigstoreJs.cosignAt(host, REPO, v102, stranger.privatePem());
        FakeLark.Sent bad = awaitChat(t -> t.contains("a signature for " + SERVICE + " 1.0.2") && t.contains("does not pass"));
        assertThat(bad.text()).contains("not by a configured key");
        assertThat(label(staging(), "larkops.digest")).isEqualTo(v100);
        assertThat(sql("SELECT tag FROM unsigned_pushes WHERE digest='" + v102 + "'")).isEqualTo("1.0.2");

        // the release key's signature (the cosign tag, re-pushed) deploys it through the normal path
        SigstoreJs.cosignAt(host, REPO, v102, release.privatePem());
        bot.lark.awaitThreadedCard(t -> t.contains(SERVICE + " 1.0.2") && t.contains("signed; deploying to staging"),
                t -> t.contains("1.0.2") && t.contains("live in staging"), Duration.ofSeconds(90));
        assertThat(label(staging(), "larkops.digest")).isEqualTo(v102);
        assertThat(sql("SELECT count(*) FROM unsigned_pushes WHERE digest='" + v102 + "'")).isEqualTo("0");
        assertThat(sql("SELECT count(*) FROM releases WHERE digest='" + v101 + "'")).isEqualTo("0");
        assertThat(Digest.parse(v101)).isNotEqualTo(Digest.parse(v102));
    }

    @Test
    void aSignatureIsNotFollowedWhenANewerVersionWasPushedMeanwhileEvenOneThatWasOnlyAnnounced() throws Exception {
        signedAndFollowed();
        String v103 = TestImages.push(host, REPO, "1.0.3", "1.0.3", TestImages.Kind.HEALTHY);
        awaitRefused("1.0.3");
        assertThat(bot.command("ou_dev1", "/hold " + SERVICE + " staging testing 1.0.2", "held")).contains(SERVICE);
        TestImages.push(host, REPO, "1.0.4", "1.0.4", TestImages.Kind.HEALTHY);
        awaitChat(t -> t.contains("1.0.4") && t.contains("pushed, not deployed") && t.contains("staging is held"));
        assertThat(bot.command("ou_dev1", "/release " + SERVICE + " staging", "no longer held")).contains(SERVICE);

        // 1.0.3's signature arrives after 1.0.4 was pushed: 1.0.3 is not the one to follow any more
        SigstoreJs.bundleAt(host, REPO, v103, release.privatePem(), dir.resolve("v103.json"));
        awaitSql("SELECT outcome || ': ' || detail FROM audit WHERE command='signature " + REPO + ":1.0.3 via registry'",
                "ignore: 1.0.4 was pushed and is newer; only the newest version to follow is deployed");
        assertThat(sql("SELECT count(*) FROM releases WHERE digest='" + v103 + "'")).isEqualTo("0");
        assertThat(sql("SELECT count(*) FROM unsigned_pushes WHERE digest='" + v103 + "'")).as("no longer waiting").isEqualTo("0");
    }

    /** The live card of a refused automatic deploy: posted as "deploying", finished with the refusal. */
    static FakeLark.Sent awaitRefused(String version) {
        return bot.lark.awaitPostedCard(t -> t.contains(SERVICE + " " + version) && t.contains("pushed; deploying to staging"),
                t -> t.contains(version) && t.contains("did not run"), Duration.ofSeconds(60));
    }

    static FakeLark.Sent awaitChat(java.util.function.Predicate<String> text) {
        // news about a version: its first message in the chat, later ones in that message's thread
        return bot.lark.await(s -> (s.path().equals("/open-apis/im/v1/messages") || s.isReply() && s.body().path("reply_in_thread").asBoolean())
                        && s.text().contains(SERVICE) && text.test(s.text()),
                Duration.ofSeconds(60), "a chat message about " + SERVICE);
    }

    /** The staging container's name, or empty when none runs. */
    static String staging() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isLessThanOrEqualTo(1);
        return out;
    }

    static void awaitSql(String query, String expected) throws Exception {
        Sqlite.await(bot.dataDir, query, expected, Duration.ofSeconds(60));
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
