package com.larkops.pipeline;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From push to prod without typing: a real docker-registry notifies the running bot (bearer token in its
 * endpoint config), staging follows newer patch versions through the normal deploy, the promotion card
 * follows the soak, a human rollback holds, a freeze refuses deploys, a wrong token and a re-delivered
 * notification change nothing. Assertions on the engine, the store and what Lark received. One bot and one
 * notifying registry for the class; each test has a following service (and repository) of its own and pushes
 * and deploys what it starts from.
 */
class FollowIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String NETWORK = "larkops-flw-" + SUFFIX;
    static final String TOKEN = "registry-token-" + UUID.randomUUID();
    static final int SERVICES = 6;
    static final Duration SOAK = Duration.ofMinutes(5);
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static TestRegistry registry;
    static BotHarness bot;
    static String host;
    static int messages;
    /** This test's service and repository, and the digests it pushed. */
    static String SERVICE;
    static String REPO;
    String v100;
    String v101;

    @BeforeAll
    static void setUp() throws Exception {
        int registryPort = TestRegistry.freePort();
        host = "127.0.0.1:" + registryPort;
        StringBuilder services = new StringBuilder();
        for (int n = 1; n <= SERVICES; n++) {
            services.append("""
                      %s:
                        repository: %s
                        port: 8080
                        health: /healthz
                        soak: 5m
                        health_timeout: 6s
                        follow: patch
                    """.formatted(serviceOf(n), "followit/" + serviceOf(n)));
        }
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                services:
                %s""".formatted(host, NETWORK, services)).withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", TOKEN).start();
        registry = TestRegistry.startNotifying(registryPort, bot.port(), TOKEN);
    }

    static String serviceOf(int n) {
        return "flw" + SUFFIX + "-" + n;
    }

    @BeforeEach
    void serviceOfItsOwn() {
        int n = TESTS.incrementAndGet();
        assertThat(n).as("a service in the config for each test").isLessThanOrEqualTo(SERVICES);
        SERVICE = serviceOf(n);
        REPO = "followit/" + SERVICE;
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
        DockerCli.removeService("flw" + SUFFIX, NETWORK);
    }

    /** 1.0.0 pushed (and announced: nothing to compare with), then deployed by hand: the baseline the follower compares with. */
    void baseline() {
        v100 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        awaitChat(t -> t.contains("1.0.0") && t.contains("pushed, not deployed"));
        command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
    }

    /** The baseline, then 1.0.1 pushed and followed to staging by itself. */
    void followedToStaging() {
        baseline();
        v101 = TestImages.push(host, REPO, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        awaitLiveDeployCard("1.0.1");
    }

    @Test
    void aPushWithNothingToCompareIsAnnouncedThenATypedDeploySetsTheBaseline() {
        v100 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        FakeLark.Sent news = awaitChat(t -> t.contains("1.0.0") && t.contains("pushed, not deployed"));
        assertThat(news.text()).contains("staging runs nothing to compare with");
        assertThat(command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging")).contains(SERVICE + " 1.0.0");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v100);
    }

    @Test
    void aNewerPatchGoesToStagingByItselfAndThePromotionCardFollowsTheSoak() {
        baseline();
        v101 = TestImages.push(host, REPO, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        awaitLiveDeployCard("1.0.1");
        String container = running();
        assertThat(label(container, "larkops.digest")).isEqualTo(v101);
        assertThat(label(container, "larkops.deployed-by")).isEqualTo(Follower.ACTOR);
        // after the soak: the existing approval card for prod, posted to the service's chat
        bot.passSoak(SERVICE, "staging", SOAK);
        FakeLark.Sent card = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages")
                        && "interactive".equals(s.body().path("msg_type").asText()) && s.text().contains(v101) && s.text().contains("approve"),
                Duration.ofSeconds(60), "the promotion card for 1.0.1");
        assertThat(card.body().path("receive_id").asText()).isEqualTo("oc_ops");
        assertThat(command("ou_someone", "/history " + SERVICE, "pipeline of")).contains("pipeline of 1.0.1").contains("(auto)")
                .contains("| staging | deploy | 1.0.1 |").contains("| registry |");
    }

    @Test
    void aHumanRollbackHoldsAndALaterPushIsOnlyAnnounced() {
        followedToStaging();
        String reply = command("ou_dev1", "/rollback " + SERVICE + " staging to 1.0.0", "now held");
        assertThat(reply).contains("live in staging");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v100);
        assertThat(command("ou_someone", "/digest " + SERVICE, "held at")).contains("held at " + v100.substring(0, 19));

        TestImages.push(host, REPO, "1.0.2", "1.0.2", TestImages.Kind.HEALTHY);
        FakeLark.Sent news = awaitChat(t -> t.contains("1.0.2") && t.contains("pushed, not deployed"));
        assertThat(news.text()).contains("staging is held at " + v100.substring(0, 19)).contains("/release");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v100);
        assertThat(command("ou_someone", "/locks", "held (no automatic deploys)")).contains(SERVICE + " staging at " + v100.substring(0, 19));
    }

    @Test
    void aFreezeRefusesATypedDeployWithItsReasonUntilUnfrozen() {
        baseline();
        command("ou_dev1", "/hold " + SERVICE + " staging", "held");
        TestImages.push(host, REPO, "1.0.2", "1.0.2", TestImages.Kind.HEALTHY);
        awaitChat(t -> t.contains("1.0.2") && t.contains("pushed, not deployed"));
        assertThat(command("ou_dev1", "/freeze " + SERVICE + " staging for 1h db migration", "approver")).doesNotContain("frozen:");
        assertThat(command("ou_lead", "/freeze " + SERVICE + " staging for 1h db migration", "frozen:")).contains("until");
        String refused = command("ou_dev1", "/deploy " + SERVICE + " 1.0.2", "is frozen");
        assertThat(refused).contains("db migration").contains("/unfreeze");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v100);
        assertThat(command("ou_someone", "/locks", "frozen (no deploys)")).contains("db migration");
        assertThat(command("ou_lead", "/unfreeze " + SERVICE + " staging", "lifted 1 freeze")).isNotNull();
    }

    @Test
    void aWrongTokenIsRefusedAndChangesNothing() throws Exception {
        baseline();
        v101 = TestImages.push(host, REPO, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        awaitLiveDeployCard("1.0.1");
        String releases = sql("SELECT count(*) FROM releases");
        String envelope = envelope("forged-" + SUFFIX, "9.9.9", v101);
        assertThat(postEvents("Bearer not-the-token", envelope).statusCode()).isEqualTo(401);
        assertThat(postEvents(null, envelope).statusCode()).isEqualTo(401);
        assertThat(sql("SELECT count(*) FROM releases")).isEqualTo(releases);
        assertThat(sql("SELECT count(*) FROM pushes WHERE tag='9.9.9'")).isEqualTo("0");
    }

    @Test
    void aReDeliveredNotificationDeploysOnce() throws Exception {
        baseline();
        command("ou_dev1", "/hold " + SERVICE + " staging", "held");
        assertThat(command("ou_dev1", "/release " + SERVICE + " staging", "no longer held")).isNotNull();
        String v103 = TestImages.push(host, REPO, "1.0.3", "1.0.3", TestImages.Kind.HEALTHY);
        awaitLiveDeployCard("1.0.3");
        // the registry retries what it thinks failed: the same event id twice, then the same digest under a new id
        String again = envelope("again-" + SUFFIX, "1.0.3_git.abcdef1", v103);
        HttpResponse<String> first = postEvents("Bearer " + TOKEN, again);
        HttpResponse<String> second = postEvents("Bearer " + TOKEN, again);
        assertThat(first.body()).contains("\"accepted\":1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"duplicates\":1").contains("\"accepted\":0");
        String seenAgain = "SELECT count(*) FROM audit WHERE actor='registry' AND command LIKE '%:1.0.3_git.abcdef1 via registry'";
        Sqlite.await(bot.dataDir, seenAgain, "1", Duration.ofSeconds(30));
        assertThat(sql("SELECT detail FROM audit WHERE actor='registry' AND command LIKE '%:1.0.3_git.abcdef1 via registry'"))
                .isEqualTo("digest seen before");
        assertThat(sql("SELECT count(*) FROM releases WHERE digest='" + v103 + "'")).isEqualTo("1");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v103);
    }

    // --- helpers ---

    static String envelope(String id, String tag, String digest) {
        return """
                {"events":[{"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"push",
                 "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","repository":"%s","tag":"%s"}}]}
                """.formatted(id, digest, REPO, tag);
    }

    static HttpResponse<String> postEvents(String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/registry/events"))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return bot.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The automatic deploy's one live card in the chat: posted when the push is followed, patched until live. */
    static void awaitLiveDeployCard(String version) {
        bot.lark.awaitPostedCard(t -> t.contains(SERVICE) && t.contains(version) && t.contains("deploying to staging"),
                t -> t.contains(version) && t.contains("live in staging"), Duration.ofSeconds(60));
        assertThat(bot.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains(SERVICE)
                && s.text().contains(version) && s.text().contains("deploying to staging")).count())
                .as("one message per automatic deploy").isEqualTo(1);
    }

    static FakeLark.Sent awaitChat(java.util.function.Predicate<String> text) {
        return bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains(SERVICE) && text.test(s.text()),
                Duration.ofSeconds(60), "a chat message about " + SERVICE);
    }

    static String command(String user, String text, String expect) {
        String messageId = "om_f" + (++messages) + "_" + SUFFIX;
        assertThat(bot.say("oc_ops", user, messageId, text).statusCode()).isEqualTo(200);
        return bot.lark.awaitReply(messageId, t -> t.contains(expect), Duration.ofSeconds(60)).text();
    }

    static String running() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
