package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.cards.CardSchema;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-card contract, seen from Lark's side (WireMock) against the real engine and registry: a
 * changing command answers with exactly one interactive reply to its message and then only PATCHes
 * that reply until it ends with the short digest and live / failed / rolled back; next-action buttons
 * route like the typed command and refuse when stale; a 429 waits for {@code x-ogw-ratelimit-reset}. Each test
 * has a bot and a service (and repository) of its own and deploys what it starts from.
 */
class LiveCardIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    /** Where the images are built once; each test's repository gets copies through the registry (same digests). */
    static final String BASE_REPO = "livecardit/card" + SUFFIX;
    static final String NETWORK = "larkops-lc-" + SUFFIX;
    static final CardSchema SCHEMA = CardSchema.load();
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static String v1;
    static String v2;
    static String v3;
    static BotHarness bot;
    /** This test's service. */
    static String service;

    @BeforeAll
    static void images() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, BASE_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, BASE_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        v3 = TestImages.push(host, BASE_REPO, "3.0.0", "3.0.0", TestImages.Kind.BROKEN);
    }

    @BeforeEach
    void botWithAServiceOfItsOwn() {
        String host = TestRegistry.get().host();
        service = "card" + SUFFIX + "-" + TESTS.incrementAndGet();
        String repo = "livecardit/" + service;
        for (String t : List.of("1.0.0", "2.0.0", "3.0.0")) {
            TestImages.copy(host, BASE_REPO, t, repo);
        }
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead, ou_lead2]
                network: %s
                approval_ttl: 10m
                services:
                  %s:
                    repository: %s
                    soak: 5m
                    health_timeout: 5s
                """.formatted(host, NETWORK, service, repo)).start();
    }

    @AfterEach
    void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(service, null);
    }

    @AfterAll
    static void removeNetwork() {
        DockerCli.removeService("card" + SUFFIX, NETWORK);
    }

    /** Deploys {@code version} to staging as ou_dev1; returns the card's message id. */
    static String deployed(String version) {
        String m = bot.send("ou_dev1", "/deploy " + service + " " + version);
        awaitFinal(m, "— live");
        return bot.lark.repliesTo(m).get(0).responseMessageId();
    }

    @Test
    void aDeployIsOneInteractiveReplyThenOnlyPatchesEndingLiveWithTheShortDigest() {
        String m = bot.send("ou_dev1", "/deploy " + service + " 1.0.0");
        JsonNode last = awaitFinal(m, "— live");
        assertOneReplyThenOnlyPatches(m);
        assertThat(last.toString()).contains(hex12(v1)).contains("live").contains("<at id=ou_dev1></at>").doesNotContain("By** ou_dev1")
                .contains("✓ 2. create " + service + "-staging-r").contains("done in");
        assertThat(last.findValues("behaviors")).extracting(b -> b.get(0).path("value").path("action").asText())
                .containsExactly("promote", "rollback", "history");
        assertThat(bot.lark.sent()).noneMatch(s -> s.path().equals("/open-apis/im/v1/messages"));
    }

    @Test
    void aFailedDeployEndsFailedWithTheEvidenceCollapsed() {
        deployed("1.0.0");
        String m = bot.send("ou_dev1", "/deploy " + service + " 3.0.0");
        JsonNode last = awaitFinal(m, "— failed");
        assertOneReplyThenOnlyPatches(m);
        assertThat(last.toString()).contains(hex12(v3)).contains("failed").contains("rolled back").contains("✗ 4. wait until");
        JsonNode panel = last.findParents("tag").stream().filter(e -> e.path("tag").asText().equals("collapsible_panel")).findFirst().orElseThrow();
        assertThat(panel.path("expanded").asBoolean()).isFalse();
        assertThat(panel.path("header").path("title").path("content").asText()).startsWith("Failure evidence");
        assertThat(panel.toString()).contains("not healthy within 5s");
    }

    @Test
    void aRollbackIsOneReplyThenPatchesEndingRolledBack() throws Exception {
        deployed("1.0.0");
        String m = bot.send("ou_dev2", "/deploy " + service + " 2.0.0");
        awaitFinal(m, "— live");
        bot.passSoak(service, "staging", Duration.ofMinutes(5)); // 2.0.0 becomes known-good too
        String r = bot.send("ou_dev1", "/rollback " + service + " staging to 1.0.0");
        JsonNode last = awaitFinal(r, "— live");
        assertOneReplyThenOnlyPatches(r);
        assertThat(last.path("header").path("title").path("content").asText()).startsWith("Rollback: " + service + " 1.0.0");
        assertThat(last.toString()).contains(hex12(v1)).contains("rolled back");
    }

    @Test
    void aStaleButtonIsRefusedWithAToastAndAFreshOneRunsLikeTheTypedCommand() {
        String firstDeployCard = deployed("1.0.0");
        deployed("2.0.0");
        bot.command("ou_dev1", "/rollback " + service + " staging to 1.0.0", "live in staging");
        // the first deploy's card offered "Roll back" for release 1, which is no longer what runs
        String toast = click("ou_dev1", firstDeployCard, Map.of("action", "rollback", "service", service, "env", "staging", "release_id", "1"));
        assertThat(toast).contains("stale button").contains("now runs 1.0.0");
        // a value the card never carried (its Promote button named 1.0.0's digest) is no button of that card at all
        assertThat(click("ou_dev1", firstDeployCard, Map.of("action", "promote", "service", service, "digest", v3)))
                .contains("not a button larkops posted on this card");
        assertThat(click("ou_nobody", firstDeployCard, Map.of("action", "history", "service", service))).contains("history");
        String history = click("ou_dev1", firstDeployCard, Map.of("action", "history", "service", service));
        assertThat(history).contains("running");
        FakeLark.Sent reply = bot.lark.awaitReply(firstDeployCard, t -> t.contains("History: " + service), Duration.ofSeconds(10));
        assertThat(reply.content().findValues("chart_spec")).hasSize(1);
        assertThat(SCHEMA.validate(reply.content())).isEmpty();
    }

    @Test
    void anApprovedProdRunPatchesTheApprovalCardUntilLive() throws Exception {
        deployed("1.0.0");
        bot.passSoak(service, "staging", Duration.ofMinutes(5));
        String m = bot.send("ou_dev1", "/promote " + service + " to prod");
        FakeLark.Sent approval = bot.lark.awaitReply(m, t -> t.contains("Approve: " + service), Duration.ofSeconds(30));
        assertThat(approval.body().path("msg_type").asText()).isEqualTo("interactive");
        List<JsonNode> values = approval.content().findValues("behaviors").stream().map(b -> b.get(0).path("value")).toList();
        assertThat(values).extracting(v -> v.path("action").asText()).containsExactly("approve", "reject", "schedule_approval"); // #26: the Schedule form beside them
        String requestId = values.get(0).path("request_id").asText();
        assertThat(SCHEMA.validate(approval.content())).isEmpty();
        String answer = click("ou_lead", approval.responseMessageId(), Map.of("action", "approve", "request_id", requestId));
        assertThat(answer).contains("approved");
        JsonNode last = awaitFinal(m, "— live");
        assertOneReplyThenOnlyPatches(m);
        assertThat(last.toString()).contains(hex12(v1)).contains("<at id=ou_lead></at>").contains("→ prod");
    }

    @Test
    void pruneApplyIsOneReplyThenPatches() {
        deployed("1.0.0");
        deployed("2.0.0");
        String m = bot.send("ou_lead", "/prune " + service + " --apply");
        awaitFinal(m, "— done");
        assertOneReplyThenOnlyPatches(m);
    }

    @Test
    void aRateLimitedPatchWaitsForTheResetThenArrives() throws Exception {
        deployed("1.0.0");
        String m = "om_rate_limited_" + UUID.randomUUID();
        bot.lark.rateLimitPatchesOfTheReplyTo(m, 1, 1);
        assertThat(bot.say(BotHarness.CHAT, "ou_dev2", m, "/deploy " + service + " 2.0.0").statusCode()).isEqualTo(200);
        awaitFinal(m, "— live");
        List<FakeLark.Sent> patches = bot.lark.conversation(m).stream().filter(s -> s.method().equals("PATCH")).toList();
        assertThat(patches.size()).isGreaterThanOrEqualTo(2);
        long gapMs = patches.get(1).at().getTime() - patches.get(0).at().getTime();
        assertThat(gapMs).as("the retry waited for x-ogw-ratelimit-reset: 1").isGreaterThanOrEqualTo(950);
        String metrics = bot.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("larkops_lark_api_calls_total\\{api=\"im.message.patch\",outcome=\"rate_limited\",?} 1\\.0")
                .containsPattern("larkops_lark_api_calls_total\\{api=\"im.message.reply\",outcome=\"ok\",?} [1-9]");
    }

    // --- helpers ---


    /** Waits for the PATCH (or the reply) whose card title ends with {@code ending}; returns its card. */
    static JsonNode awaitFinal(String messageId, String ending) {
        FakeLark.Sent s = bot.lark.awaitReply(messageId, t -> t.lines().findFirst().orElse("").endsWith(ending), Duration.ofSeconds(90));
        assertThat(SCHEMA.validate(s.content())).as("the final card is valid card JSON 2.0").isEmpty();
        return s.content();
    }

    /** Exactly one reply (interactive) to the command, everything else a PATCH of that reply; returns the reply's message id. */
    static String assertOneReplyThenOnlyPatches(String messageId) {
        List<FakeLark.Sent> replies = bot.lark.repliesTo(messageId);
        assertThat(replies).as("one reply to " + messageId).hasSize(1);
        assertThat(replies.get(0).body().path("msg_type").asText()).isEqualTo("interactive");
        List<FakeLark.Sent> all = bot.lark.conversation(messageId);
        assertThat(all.get(0)).isEqualTo(replies.get(0));
        assertThat(all.subList(1, all.size())).isNotEmpty()
                .allMatch(s -> s.isPatchOf(replies.get(0).responseMessageId()));
        all.subList(1, all.size()).forEach(s -> assertThat(SCHEMA.validate(s.content())).isEmpty());
        return replies.get(0).responseMessageId();
    }

    static String click(String user, String cardMessageId, Map<String, Object> value) {
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), user, "oc_ops", cardMessageId, value);
        var r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String hex12(String digest) {
        return digest.substring("sha256:".length(), "sha256:".length() + 12);
    }
}
