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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
 * {@code card.action.trigger} callbacks, against the real engine and registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "appr" + SUFFIX;
    static final String REPO = "approvalit/appr" + SUFFIX;
    static final String NETWORK = "larkops-ap-" + SUFFIX;
    static final String SKILL = "canr" + SUFFIX;
    static final String SKILL_REPO = "approvalit/canr" + SUFFIX;
    static String s2;
    static String v1;
    static String v2;
    static String leaky;
    static BotHarness bot;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, REPO, "3.0.0", "3.0.0", TestImages.Kind.BROKEN);
        leaky = TestImages.push(host, REPO, "4.0.0", "4.0.0", TestImages.Kind.HEALTHY,
                "ENV DB_PASSWORD=hunter2-very-secret", "LABEL com.example.api_token=\"tok-abcdef123456\"");
        TestImages.push(host, SKILL_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        s2 = TestImages.push(host, SKILL_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
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
                    soak: 2s
                    health_timeout: 5s
                  %s:
                    repository: %s
                    skill: true
                    soak: 2s
                    health_timeout: 5s
                """.formatted(host, NETWORK, SERVICE, REPO, SKILL, SKILL_REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SKILL, null);
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    @Order(1)
    void aDigestNotYetKnownGoodInStagingCannotBePromoted() {
        assertThat(bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "runs nothing in staging")).isNotBlank();
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        assertThat(bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "healthy in staging for")).contains("soak period is 2s");
        assertThat(bot.command("ou_dev1", "/deploy " + SERVICE + " 3.0.0 prod", "never ran healthy in staging")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/deploy " + SERVICE + " latest prod", "never a floating tag")).isNotBlank();
        assertThat(bot.lark.sent()).noneMatch(s -> s.path().equals("/open-apis/im/v1/messages"));
    }

    @Test
    @Order(2)
    void promotionEndToEndRunsTheApprovedPlanAndMovesTheProdTag() throws Exception {
        Thread.sleep(3000);
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        String reply = bot.lark.awaitReply(promote, t -> t.contains("approval requested"), Duration.ofSeconds(60)).text();
        String requestId = requestIdIn(reply);
        FakeLark.Sent card = cardFor(requestId);
        assertThat(card.body().path("msg_type").asText()).isEqualTo("interactive");
        assertThat(card.path()).as("the card is the command's one reply").isEqualTo("/open-apis/im/v1/messages/" + promote + "/reply");
        JsonNode content = card.content();
        assertThat(content.toString()).contains(v1).contains("Approve: " + SERVICE + " 1.0.0 to prod?")
                .contains("create " + SERVICE + "-prod-r").contains("route " + SERVICE + "-prod, " + SERVICE)
                .contains("<at id=ou_dev1></at>").contains("<at id=ou_lead></at>");
        List<JsonNode> buttons = content.findValues("behaviors").stream().map(b -> b.get(0)).toList();
        assertThat(buttons).hasSize(2);
        assertThat(buttons.get(0).path("value")).isEqualTo(JSON.valueToTree(Map.of("action", "approve", "request_id", requestId)));
        assertThat(buttons.get(1).path("value")).isEqualTo(JSON.valueToTree(Map.of("action", "reject", "request_id", requestId)));

        // the same button value on another message (a skill's card, a forged one) or from another chat counts for nothing
        assertThat(clickOn("om_skill_card", "oc_ops", "ou_lead", "approve", requestId)).contains("not an approval card")
                .doesNotContain(SERVICE);
        assertThat(clickOn(card.responseMessageId(), "oc_elsewhere", "ou_lead", "approve", requestId))
                .contains("not one larkops obeys").doesNotContain(SERVICE).doesNotContain("pending");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("PENDING");
        assertThat(click("ou_dev1", "approve", requestId)).contains("another approver must approve");
        assertThat(click("ou_dev2", "approve", requestId)).contains("only approvers");
        assertThat(prodContainers()).isEmpty();

        String approved = click("ou_lead", "approve", requestId);
        assertThat(approved).contains("approved").contains("Approved by <at id=ou_lead></at>");
        assertThat(click("ou_lead2", "approve", requestId)).contains("already approved by ou_lead");

        FakeLark.Sent patched = bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SERVICE + " 1.0.0 → prod — live"),
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
    @Order(3)
    void rejectClosesTheRequestAndChangesNothing() throws Exception {
        bot.command("ou_dev2", "/deploy " + SERVICE + " 2.0.0", "live in staging");
        Thread.sleep(3000);
        String reply = bot.command("ou_dev2", "/deploy " + SERVICE + " 2.0.0 prod", "approval requested");
        String requestId = requestIdIn(reply);
        assertThat(bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "already pending")).contains(requestId);
        assertThat(click("ou_lead", "reject", requestId)).contains("Rejected by <at id=ou_lead></at>");
        assertThat(click("ou_lead2", "approve", requestId)).contains("already rejected");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql("SELECT outcome FROM releases WHERE id=(SELECT release_id FROM approvals WHERE id='" + requestId + "')"))
                .isEqualTo("CANCELLED");
    }

    @Test
    @Order(4)
    void aPendingRequestSurvivesARestartAndCanStillBeApproved() throws Exception {
        String reply = bot.command("ou_lead", "/promote " + SERVICE + " staging to prod", "approval requested");
        String requestId = requestIdIn(reply);
        assertThat(click("ou_lead", "approve", requestId)).as("an approver cannot approve their own request")
                .contains("another approver must approve");
        bot.stopBot();
        bot.start();
        assertThat(click("ou_lead2", "approve", requestId)).contains("deploying");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SERVICE + " 2.0.0 → prod — live"),
                Duration.ofSeconds(60), "the card patched to live after the restart");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(registryDigest("prod")).isEqualTo(v2);
    }

    @Test
    @Order(5)
    void breakGlassRollbackOfProdIsImmediateAndAnnounced() throws Exception {
        Thread.sleep(3000); // 2.0.0 becomes known-good in prod too
        String reply = bot.command("ou_dev1", "/rollback " + SERVICE + " prod", "live in prod");
        assertThat(reply).startsWith("Rollback: " + SERVICE + " 1.0.0 → prod — live").contains("BREAK-GLASS")
                .contains("rollback of prod: no approval needed").contains("By** <at id=ou_dev1></at>");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql("SELECT count(*) FROM audit WHERE command LIKE '/rollback %' AND actor='ou_dev1'")).isEqualTo("1");
    }

    @Test
    @Order(6)
    void aRollbackOnlyPutsBackWhatServedInProdBefore() throws Exception {
        // 2.0.0 served in prod: back to it at once; 4.0.0 (healthy, in the registry) never ran in prod: that is a
        // deploy, and a prod deploy needs an approval
        assertThat(bot.command("ou_dev1", "/rollback " + SERVICE + " prod to 2.0.0", "live in prod")).contains("BREAK-GLASS");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        String refused = bot.command("ou_dev1", "/rollback " + SERVICE + " prod to 4.0.0", "not a rollback target");
        assertThat(refused).contains("/deploy " + SERVICE + " 4.0.0 prod");
        assertThat(bot.command("ou_dev1", "/rollback " + SERVICE + " prod to " + leaky, "not a rollback target")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/rollback " + SERVICE + " prod to " + v2, "already runs")).isNotBlank();
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(sql("SELECT count(*) FROM releases WHERE env='prod' AND version='4.0.0'")).isEqualTo("0");
        assertThat(bot.command("ou_dev1", "/rollback " + SERVICE + " prod to 1.0.0", "live in prod")).contains("1.0.0");
    }

    @Test
    @Order(7)
    void aSecretInTheImageMetadataBlocksPromotionAndIsNeverShown() throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 4.0.0", "live in staging");
        Thread.sleep(3000);
        String reply = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "secret-looking");
        assertThat(reply).contains("DB_PASSWORD in config Env").contains("com.example.api_token in label")
                .contains("DB_PASSWORD in history layer").doesNotContain("hunter2").doesNotContain("tok-abcdef123456");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
    }

    @Test
    @Order(8)
    void anApprovalDecidedButNeverRunIsRunAtTheNextStartAndTheChatIsTold() throws Exception {
        bot.command("ou_dev1", "/rollback " + SERVICE + " staging to 2.0.0", "live in staging");
        Thread.sleep(3000);
        String reply = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "approval requested");
        String requestId = requestIdIn(reply);
        String cardMessage = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        // the state a bot killed right after recording the decision leaves: approved, release still awaiting
        bot.stopBot();
        Sqlite.update(bot.dataDir, "UPDATE approvals SET status='APPROVED', decided_by='ou_lead', decided_ms=1 WHERE id='" + requestId + "'");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v1);
        bot.start();
        bot.lark.await(s -> s.method().equals("PATCH") && s.path().endsWith("/" + cardMessage) && s.text().contains(SERVICE + " 2.0.0 → prod — live"),
                Duration.ofSeconds(60), "the approval card patched to live after the restart");
        FakeLark.Sent told = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains(requestId)
                && s.text().contains("had not run when the bot stopped"), Duration.ofSeconds(20), "the chat told");
        assertThat(told.body().path("receive_id").asText()).isEqualTo("oc_ops");
        assertThat(label(prodContainers().get(0), "larkops.digest")).isEqualTo(v2);
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("DONE");
        assertThat(sql("SELECT count(*) FROM releases WHERE outcome IN ('AWAITING_APPROVAL','IN_PROGRESS')")).isEqualTo("0");
    }

    @Test
    @Order(9)
    void aProdCanaryAndItsPromotionEachNeedAnotherApprover() throws Exception {
        bot.command("ou_dev1", "/deploy " + SKILL + " 1.0.0", "live in staging");
        Thread.sleep(2500);
        approve(bot.command("ou_dev1", "/promote " + SKILL + " to prod", "approval requested"), "ou_lead", SKILL + " 1.0.0 → prod — live");
        bot.command("ou_dev1", "/deploy " + SKILL + " 2.0.0", "live in staging");
        Thread.sleep(2500);

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

    static String requestIdIn(String reply) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    static List<String> prodContainers() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=prod").strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }


    static String registryDigest(String tag) {
        return RegistryProbe.of(TestRegistry.get()).requireDigest(REPO, tag);
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }

}
