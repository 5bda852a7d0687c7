package com.larkops.pipeline;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
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
 * Harbor, TCR and ACR push webhooks against the running bot and a real registry (which itself notifies nobody):
 * each payload, shaped as its registry documents it, is a hint the follower resolves against the registry and
 * follows to staging through the normal deploy; a payload naming a digest its tag does not resolve to deploys
 * nothing and the chat says why. Each endpoint has its own token; with Distribution's token unset,
 * {@code /registry/events} stays off (404). One bot for the class, a following service per test.
 */
class PushWebhooksIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String NETWORK = "larkops-phk-" + SUFFIX;
    static final String HARBOR = "harbor-token-" + UUID.randomUUID();
    static final String TCR = "tcr-token-" + UUID.randomUUID();
    static final String ACR = "acr-token-" + UUID.randomUUID();
    static final int SERVICES = 5;
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static BotHarness bot;
    static String host;
    static int messages;
    String service;
    String repo;

    @BeforeAll
    static void setUp() {
        host = TestRegistry.get().host();
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
                    """.formatted(serviceOf(n), "hooks" + SUFFIX + "/" + serviceOf(n)));
        }
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                services:
                %s""".formatted(host, NETWORK, services))
                .withEnv("LARKOPS_HARBOR_EVENTS_TOKEN", HARBOR)
                .withEnv("LARKOPS_TCR_EVENTS_TOKEN", TCR)
                .withEnv("LARKOPS_ACR_EVENTS_TOKEN", ACR).start();
    }

    static String serviceOf(int n) {
        return "phk" + SUFFIX + "-" + n;
    }

    @BeforeEach
    void serviceOfItsOwn() {
        int n = TESTS.incrementAndGet();
        assertThat(n).isLessThanOrEqualTo(SERVICES);
        service = serviceOf(n);
        repo = "hooks" + SUFFIX + "/" + service;
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (int n = 1; n <= SERVICES; n++) {
            DockerCli.removeService(serviceOf(n), null);
        }
        DockerCli.removeService("phk" + SUFFIX, NETWORK);
    }

    @Test
    void aHarborPushArtifactDeploysToStaging() throws Exception {
        followed("harbor", HARBOR, d -> harbor("PUSH_ARTIFACT", "1.0.1", d));
    }

    @Test
    void aTcrPushImageDeploysToStaging() throws Exception {
        followed("tcr", TCR, d -> harbor("pushImage", "1.0.1", d));
    }

    @Test
    void anAcrPushDeploysToStaging() throws Exception {
        followed("acr", ACR, d -> acr("1.0.1", d));
    }

    @Test
    void aPayloadNamingADigestTheTagDoesNotResolveToDeploysNothingAndSaysWhy() throws Exception {
        String v100 = baseline();
        TestImages.push(host, repo, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        // another build, under a tag no one follows: the payload claims it is 1.0.1
        String other = TestImages.push(host, repo, "scratch-build", "1.0.1", TestImages.Kind.HEALTHY);
        HttpResponse<String> answer = post("harbor", "Bearer " + HARBOR, harbor("PUSH_ARTIFACT", "1.0.1", other));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":1");
        FakeLark.Sent news = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains(service)
                && s.text().contains("was not deployed"), Duration.ofSeconds(60), "the refusal in the chat");
        assertThat(news.text()).contains("in the registry now")
                .contains(other.substring(0, 19)).contains("as the Harbor push webhook said").contains("nothing was deployed");
        assertThat(label(running(), "larkops.digest")).isEqualTo(v100);
    }

    @Test
    void eachEndpointTakesOnlyItsOwnTokenAndDistributionsStaysOff() throws Exception {
        String body = acr("9.9.9", "sha256:" + "a".repeat(64));
        assertThat(post("acr", "Bearer " + HARBOR, body).statusCode()).isEqualTo(401);
        assertThat(post("harbor", null, body).statusCode()).isEqualTo(401);
        assertThat(post("tcr", "Bearer " + ACR, body).statusCode()).isEqualTo(401);
        assertThat(post("acr", "Bearer " + ACR, "not json").statusCode()).isEqualTo(400);
        HttpRequest distribution = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/registry/events"))
                .header("Authorization", "Bearer " + HARBOR).POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build();
        assertThat(bot.http.send(distribution, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("LARKOPS_REGISTRY_EVENTS_TOKEN unset: /registry/events is off").isEqualTo(404);
        // bounded like every endpoint: a body over 1 MiB is refused, even with the right token
        String huge = "{\"type\":\"PUSH_ARTIFACT\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        try {
            assertThat(post("harbor", "Bearer " + HARBOR, huge).statusCode()).isEqualTo(413);
        } catch (java.io.IOException closed) {
            // the bot answered 413 and closed the connection while the client was still sending: also a refusal
            assertThat(closed.getMessage()).isNotBlank();
        }
    }

    // --- helpers ---

    /** Baseline 1.0.0 deployed by hand, 1.0.1 pushed, its webhook posted: 1.0.1 live in staging by the registry. */
    void followed(String kind, String token, java.util.function.Function<String, String> payload) throws Exception {
        baseline();
        String v101 = TestImages.push(host, repo, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        String body = payload.apply(v101);
        HttpResponse<String> answer = post(kind, "Bearer " + token, body);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":1");
        bot.lark.awaitPostedCard(t -> t.contains(service) && t.contains("1.0.1") && t.contains("deploying to staging"),
                t -> t.contains("1.0.1") && t.contains("live in staging"), Duration.ofSeconds(90));
        String container = running();
        assertThat(label(container, "larkops.digest")).isEqualTo(v101);
        assertThat(label(container, "larkops.deployed-by")).isEqualTo(Follower.ACTOR);
        assertThat(post(kind, "Bearer " + token, body).body()).as("a retried delivery is a duplicate")
                .contains("\"duplicates\":1");
    }

    String baseline() {
        String v100 = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String messageId = "om_h" + (++messages) + "_" + SUFFIX;
        assertThat(bot.say("oc_ops", "ou_dev1", messageId, "/deploy " + service + " 1.0.0").statusCode()).isEqualTo(200);
        bot.lark.awaitReply(messageId, t -> t.contains("live in staging"), Duration.ofSeconds(90));
        return v100;
    }

    String harbor(String type, String tag, String digest) {
        return """
                {"type":"%s","occur_at":%d,"operator":"ci",
                 "event_data":{"resources":[{"digest":"%s","tag":"%s","resource_url":"%s/%s:%s"}],
                  "repository":{"date_created":1586922308,"name":"%s","namespace":"hooks%s","repo_full_name":"%s","repo_type":"private"}}}
                """.formatted(type, System.currentTimeMillis() / 1000, digest, tag, host, repo, tag, service, SUFFIX, repo);
    }

    String acr(String tag, String digest) {
        return """
                {"push_data":{"digest":"%s","pushed_at":"2026-12-07 10:00:00","tag":"%s"},
                 "repository":{"date_created":"2026-10-28 21:31:42","name":"%s","namespace":"hooks%s","region":"cn-hangzhou",
                  "repo_authentication_type":"NO_CERTIFIED","repo_full_name":"%s","repo_origin_type":"NO_CERTIFIED","repo_type":"PRIVATE"}}
                """.formatted(digest, tag, service, SUFFIX, repo);
    }

    static HttpResponse<String> post(String kind, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/registry/events/" + kind))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return bot.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String running() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }
}
