package com.larkops.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.testing.BotHarness;
import com.larkops.testing.FakeLark;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promotion to prod through approval cards, driven by signed message events and signed
 * {@code card.action.trigger} callbacks, against the real engine and registry. One bot for the class; each
 * test has a service (and repository) of its own and deploys what it starts from, so any test runs alone.
 */
class ApprovalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    /** Where the images are built once; each test's repository gets copies (same digests). */
    static final String BASE_REPO = "approvalit/appr" + SUFFIX;
    static final String NETWORK = "larkops-ap-" + SUFFIX;
    static final String SKILL = "canr" + SUFFIX;
    static final String SKILL_REPO = "approvalit/canr" + SUFFIX;
    /** Long enough that only the test clock ends a soak. */
    static final Duration SOAK = Duration.ofMinutes(5);
    /** A service per test, named after a word of the test's name. */
    static final List<String> TESTS = List.of("notyet", "endtoend", "reject", "restart", "breakglass", "onlyputsback", "secret",
            "nextstart");
    static String s2;
    static String v1;
    static String v2;
    static String leaky;
    static BotHarness bot;
    /** This test's service; its repository is {@link #repo()}. */
    String service;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, BASE_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, BASE_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, BASE_REPO, "3.0.0", "3.0.0", TestImages.Kind.BROKEN);
        leaky = TestImages.push(host, BASE_REPO, "4.0.0", "4.0.0", TestImages.Kind.HEALTHY,
                "ENV DB_PASSWORD=hunter2-very-secret", "LABEL com.example.api_token=\"tok-abcdef123456\"");
        TestImages.push(host, SKILL_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        s2 = TestImages.push(host, SKILL_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        StringBuilder services = new StringBuilder();
        for (String test : TESTS) {
            services.append("""
                      %s:
                        repository: %s
                        soak: 5m
                        health_timeout: 5s
                    """.formatted(serviceOf(test), repoOf(serviceOf(test))));
        }
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead, ou_lead2]
                network: %s
                approval_ttl: 1h
                services:
                %s  %s:
                    repository: %s
                    skill: true
                    soak: 5m
                    health_timeout: 5s
                """.formatted(host, NETWORK, services, SKILL, SKILL_REPO)).start();
    }

    @BeforeEach
    void serviceOfThisTest(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        service = TESTS.stream().filter(t -> method.toLowerCase().contains(t)).findFirst().map(ApprovalIT::serviceOf).orElse(null);
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String test : TESTS) {
            DockerCli.removeService(serviceOf(test), null);
        }
        DockerCli.removeService(SKILL, NETWORK);
    }

    static String serviceOf(String test) {
        return "ap" + SUFFIX + "-" + test;
    }

    static String repoOf(String service) {
        return "approvalit/" + service;
    }

    String repo() {
        return repoOf(service);
    }

    /** This test's repository gets the base repository's {@code versions} (same digests). */
    void images(String... versions) {
        for (String version : versions) {
            TestImages.copy(TestRegistry.get().host(), BASE_REPO, version, repo());
        }
    }

    /** Deploys {@code version} to staging and soaks it there: known-good in staging, so prod may have it. */
    void knownGoodInStaging(String version) {
        bot.command("ou_dev1", "/deploy " + service + " " + version, "live in staging");
        bot.passSoak(service, "staging", SOAK);
    }

    /** {@code version} through staging, approved by ou_lead, live in prod and known-good there. */
    void inProd(String version) {
        knownGoodInStaging(version);
        approve(bot.command("ou_dev1", "/promote " + service + " to prod", "approval requested"), "ou_lead",
                service + " " + version + " → prod — live");
        bot.passSoak(service, "prod", SOAK);
    }

    @Test
    void aDigestNotYetKnownGoodInStagingCannotBePromoted() {
        images("1.0.0", "3.0.0");
        long postedBefore = postedToChats();
        assertThat(bot.command("ou_dev1", "/promote " + service + " to prod", "runs nothing in staging")).isNotBlank();
        bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "live in staging");
        assertThat(bot.command("ou_dev1", "/promote " + service + " to prod", "healthy in staging for")).contains("soak period is 5m");
        assertThat(bot.command("ou_dev1", "/deploy " + service + " 3.0.0 prod", "never ran healthy in staging")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/deploy " + service + " latest prod", "never a floating tag")).isNotBlank();
        assertThat(postedToChats()).as("nothing posted to a chat").isEqualTo(postedBefore);
    }

    @Test
    void promotionEndToEndRunsTheApprovedPlanAndMovesTheProdTag() throws Exception {
        images("1.0.0");
        knownGoodInStaging("1.0.0");
        String promote = bot.send("ou_dev1", "/promote " + service + " to prod");
        String reply = bot.lark.awaitReply(promote, t -> t.contains("approval requested"), Duration.ofSeconds(60)).text();
        String requestId = requestIdIn(reply);
        FakeLark.Sent card = cardFor(requestId);
        assertThat(card.body().path("msg_type").asText()).isEqualTo("interactive");
        assertThat(card.path()).as("the card is the command's one reply").isEqualTo("/open-apis/im/v1/messages/" + promote + "/reply");
        JsonNode content = card.content();
        assertThat(content.toString()).contains(v1).contains("Approve: " + service + " 1.0.0 to prod?")
                .contains("create " + service + "-prod-r").contains("route " + service + "-prod, " + service)
                .contains("<at id=ou_dev1></at>").contains("<at id=ou_lead></at>");
        List<JsonNode> buttons = content.findValues("behaviors").stream().map(b -> b.get(0)).toList();
        // #26: beside exactly one Approve and one Reject, the pending card's Schedule form (action schedule_approval)
        assertThat(buttons).hasSize(3);
        assertThat(buttons.get(2).path("value")).isEqualTo(JSON.valueToTree(Map.of("action", "schedule_approval", "request_id", requestId)));
        assertThat(buttons.get(0).path("value")).isEqualTo(JSON.valueToTree(Map.of("action", "approve", "request_id", requestId)));
        assertThat(buttons.get(1).path("value")).isEqualTo(JSON.valueToTree(Map.of("action", "reject", "request_id", requestId)));

        // the same button value on another message (a skill's card, a forged one) or from another chat counts for nothing
        assertThat(clickOn("om_skill_card", "oc_ops", "ou_lead", "approve", requestId)).contains("not an approval card")
                .doesNotContain(service);
        assertThat(clickOn(card.responseMessageId(), "oc_elsewhere", "ou_lead", "approve", requestId))
                .contains("not one larkops obeys").doesNotContain(service).doesNotContain("pending");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("PENDING");
        assertThat(click("ou_dev1", "approve", requestId)).contains("another approver must approve");
        assertThat(click("ou_dev2", "approve", requestId)).contains("only approvers");
        assertThat(prodContainers()).isEmpty();

        String approved = click("ou_lead", "approve", requestId);
        assertThat(approved).contains("approved").contains("Approved by <at id=ou_lead></at>");
        assertThat(click("ou_lead2", "approve", requestId)).contains("already approved by ou_lead");

        FakeLark.Sent patched = bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(service + " 1.0.0 → prod — live"),
                Duration.ofSeconds(60), "the card patched to live");
        assertThat(patched.path()).isEqualTo("/open-apis/im/v1/messages/" + card.responseMessageId());
        assertThat(patched.text()).contains("live in prod in");
        String prod = prodContainers().get(0);
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", prod).strip()).isEqualTo(v1);
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.deployed-by\"}}", prod).strip()).isEqualTo("ou_dev1");
        assertThat(registryDigest("prod")).isEqualTo(v1);
        // a re-delivered callback (same request, a later event) decides nothing and deploys nothing
        assertThat(click("ou_lead", "approve", requestId)).contains("already done");
        assertThat(prodContainers()).hasSize(1);
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("DONE");
    }

    @Test
    void rejectClosesTheRequestAndChangesNothing() throws Exception {
        images("1.0.0", "2.0.0");
        inProd("1.0.0");
        bot.command("ou_dev2", "/deploy " + service + " 2.0.0", "live in staging");
        bot.passSoak(service, "staging", SOAK);
        String reply = bot.command("ou_dev2", "/deploy " + service + " 2.0.0 prod", "approval requested");
        String requestId = requestIdIn(reply);
        assertThat(bot.command("ou_dev1", "/promote " + service + " to prod", "already pending")).contains(requestId);
        assertThat(click("ou_lead", "reject", requestId)).contains("Rejected by <at id=ou_lead></at>");
        assertThat(click("ou_lead2", "approve", requestId)).contains("already rejected");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql("SELECT outcome FROM releases WHERE id=(SELECT release_id FROM approvals WHERE id='" + requestId + "')"))
                .isEqualTo("CANCELLED");
    }

    @Test
    void aPendingRequestSurvivesARestartAndCanStillBeApproved() throws Exception {
        images("1.0.0", "2.0.0");
        inProd("1.0.0");
        knownGoodInStaging("2.0.0");
        String reply = bot.command("ou_lead", "/promote " + service + " staging to prod", "approval requested");
        String requestId = requestIdIn(reply);
        assertThat(click("ou_lead", "approve", requestId)).as("an approver cannot approve their own request")
                .contains("another approver must approve");
        bot.stopBot();
        bot.start();
        assertThat(click("ou_lead2", "approve", requestId)).contains("deploying");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(service + " 2.0.0 → prod — live"),
                Duration.ofSeconds(60), "the card patched to live after the restart");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(registryDigest("prod")).isEqualTo(v2);
    }

    @Test
    void breakGlassRollbackOfProdIsImmediateAndAnnounced() throws Exception {
        images("1.0.0", "2.0.0");
        inProd("1.0.0");
        inProd("2.0.0"); // 2.0.0 known-good in prod too
        String reply = bot.command("ou_dev1", "/rollback " + service + " prod", "live in prod");
        assertThat(reply).startsWith("Rollback: " + service + " 1.0.0 → prod — live").contains("BREAK-GLASS")
                .contains("rollback of prod: no approval needed").contains("By** <at id=ou_dev1></at>");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql("SELECT count(*) FROM audit WHERE command LIKE '/rollback " + service + " %' AND actor='ou_dev1'")).isEqualTo("1");
    }

    @Test
    void aRollbackOnlyPutsBackWhatServedInProdBefore() throws Exception {
        images("1.0.0", "2.0.0", "4.0.0");
        inProd("1.0.0");
        inProd("2.0.0");
        bot.command("ou_dev1", "/rollback " + service + " prod", "live in prod");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        // 2.0.0 served in prod: back to it at once; 4.0.0 (healthy, in the registry) never ran in prod: that is a
        // deploy, and a prod deploy needs an approval
        assertThat(bot.command("ou_dev1", "/rollback " + service + " prod to 2.0.0", "live in prod")).contains("BREAK-GLASS");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        String refused = bot.command("ou_dev1", "/rollback " + service + " prod to 4.0.0", "not a rollback target");
        assertThat(refused).contains("/deploy " + service + " 4.0.0 prod");
        assertThat(bot.command("ou_dev1", "/rollback " + service + " prod to " + leaky, "not a rollback target")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/rollback " + service + " prod to " + v2, "already runs")).isNotBlank();
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(sql("SELECT count(*) FROM releases WHERE env='prod' AND version='4.0.0'")).isEqualTo("0");
        assertThat(bot.command("ou_dev1", "/rollback " + service + " prod to 1.0.0", "live in prod")).contains("1.0.0");
    }

    @Test
    void aSecretInTheImageMetadataBlocksPromotionAndIsNeverShown() throws Exception {
        images("1.0.0", "4.0.0");
        inProd("1.0.0");
        bot.command("ou_dev1", "/deploy " + service + " 4.0.0", "live in staging");
        bot.passSoak(service, "staging", SOAK);
        String reply = bot.command("ou_dev1", "/promote " + service + " to prod", "secret-looking");
        assertThat(reply).contains("DB_PASSWORD in config Env").contains("com.example.api_token in label")
                .contains("DB_PASSWORD in history layer").doesNotContain("hunter2").doesNotContain("tok-abcdef123456");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
    }

    @Test
    void anApprovalDecidedButNeverRunIsRunAtTheNextStartAndTheChatIsTold() throws Exception {
        images("1.0.0", "2.0.0");
        inProd("1.0.0");
        knownGoodInStaging("2.0.0");
        String reply = bot.command("ou_dev1", "/promote " + service + " to prod", "approval requested");
        String requestId = requestIdIn(reply);
        String cardMessage = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        // the state a bot killed right after recording the decision leaves: approved, release still awaiting
        bot.stopBot();
        Sqlite.update(bot.dataDir, "UPDATE approvals SET status='APPROVED', decided_by='ou_lead', decided_ms=1 WHERE id='" + requestId + "'");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        bot.start();
        bot.lark.await(s -> s.method().equals("PATCH") && s.path().endsWith("/" + cardMessage) && s.text().contains(service + " 2.0.0 → prod — live"),
                Duration.ofSeconds(60), "the approval card patched to live after the restart");
        FakeLark.Sent told = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains(requestId)
                && s.text().contains("had not run when the bot stopped"), Duration.ofSeconds(20), "the chat told");
        assertThat(told.body().path("receive_id").asText()).isEqualTo("oc_ops");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("DONE");
        assertThat(sql("SELECT count(*) FROM releases WHERE outcome IN ('AWAITING_APPROVAL','IN_PROGRESS')")).isEqualTo("0");
    }

    @Test
    void aProdCanaryAndItsPromotionEachNeedAnotherApprover() throws Exception {
        bot.command("ou_dev1", "/deploy " + SKILL + " 1.0.0", "live in staging");
        bot.passSoak(SKILL, "staging", SOAK);
        approve(bot.command("ou_dev1", "/promote " + SKILL + " to prod", "approval requested"), "ou_lead", SKILL + " 1.0.0 → prod — live");
        bot.command("ou_dev1", "/deploy " + SKILL + " 2.0.0", "live in staging");
        bot.passSoak(SKILL, "staging", SOAK);

        String asked = bot.command("ou_dev1", "/canary " + SKILL + " 2.0.0 50%", "approval requested");
        assertThat(asked).contains("canary of " + SKILL + " 2.0.0").contains("50% of prod");
        assertThat(canaries()).as("no canary before the approval").isEmpty();
        String requestId = requestIdIn(asked);
        assertThat(click("ou_dev1", "approve", requestId)).contains("another approver must approve");
        assertThat(cardFor(requestId).text()).contains("start a canary of " + SKILL + "@" + s2 + " in prod for 50%");
        approve(asked, "ou_lead", "Canary: " + SKILL + " 2.0.0 → prod — live");
        String canary = canaries().get(0);
        assertThat(label(canary, "larkops.digest")).isEqualTo(s2);
        assertThat(label(canary, "larkops.env")).isEqualTo("prod");
        assertThat(label(canary, "larkops.canary-weight")).isEqualTo("50");

        // an approver promoting the canary asks too, and cannot approve it alone
        String promote = bot.command("ou_lead", "/canary " + SKILL + " promote", "approval requested");
        String promoteId = requestIdIn(promote);
        assertThat(click("ou_lead", "approve", promoteId)).contains("another approver must approve");
        assertThat(label(live(SKILL), "larkops.version")).isEqualTo("1.0.0");
        approve(promote, "ou_lead2", "canary container removed: " + canary);
        assertThat(label(live(SKILL), "larkops.digest")).isEqualTo(s2);
        assertThat(canaries()).as("the promoted canary's container is gone").isEmpty();
    }

    static void approve(String requestReply, String approver, String cardSays) {
        String id = requestIdIn(requestReply);
        assertThat(click(approver, "approve", id)).contains("approved");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(cardSays), Duration.ofSeconds(60), "card: " + cardSays);
    }

    static List<String> canaries() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SKILL,
                "--filter", "label=larkops.canary=true").strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    static String live(String service) {
        return docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service, "--filter", "label=larkops.env=prod").strip().lines().filter(n -> !n.contains("canary")).findFirst().orElseThrow();
    }

    // --- helpers ---


    /** Posts a signed card.action.trigger as Lark does; returns the HTTP answer body (toast and card). */
    static String click(String user, String action, String requestId) {
        try {
            return clickOn(sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'"), "oc_ops", user, action, requestId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A click on any message in any chat, carrying an approval button's value. */
    static String clickOn(String messageId, String chat, String user, String action, String requestId) {
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), user, chat, messageId,
                Map.of("action", action, "request_id", requestId));
        var r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static FakeLark.Sent cardFor(String requestId) {
        return bot.lark.await(s -> s.isReply() && s.text().contains(requestId), Duration.ofSeconds(10), "the approval card");
    }

    /** Messages the bot posted to a chat (not replies) so far. */
    static long postedToChats() {
        return bot.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages")).count();
    }

    static String requestIdIn(String reply) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    List<String> prodContainers() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=prod").strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }


    String registryDigest(String tag) {
        return RegistryProbe.of(TestRegistry.get()).requireDigest(repo(), tag);
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }

}
