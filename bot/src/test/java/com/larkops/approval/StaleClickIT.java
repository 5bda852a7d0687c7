package com.larkops.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.ProdSteps;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clicks that must change nothing, driven through the bot's HTTP endpoint against the real engine and
 * registry (plain Docker): the prod "Roll back" button's value clicked on a message it was never posted on
 * (no rollback, no break-glass, no hold); and an approval clicked after prod changed under it (refused,
 * saying what changed, the env left as it is). Prod starts with two releases (1.0.0, then 2.0.0).
 */
class StaleClickIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "stale" + SUFFIX;
    static final String REPO = "staleclickit/stale" + SUFFIX;
    static final String NETWORK = "larkops-sc-" + SUFFIX;
    static String v1;
    static String v2;
    static String v3;
    static BotHarness bot;
    /** The prod card of 2.0.0 going live: it carries the "Roll back" button of that release. */
    static FakeLark.Sent prodLiveCard;
    static String prodLiveMessage;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        v3 = TestImages.push(host, REPO, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                approval_ttl: 10m
                services:
                  %s:
                    repository: %s
                    soak: 1s
                    health_timeout: 10s
                """.formatted(host, NETWORK, SERVICE, REPO)).start();
        toProd("1.0.0", v1);
        prodLiveCard = toProd("2.0.0", v2);
        prodLiveMessage = prodLiveCard.path().substring(prodLiveCard.path().lastIndexOf('/') + 1);
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void theRollbackButtonsValueOnAMessageItWasNeverPostedOnChangesNothing() throws Exception {
        // the value a Roll back button of the release live in prod now carries: on any message it is not posted on, nothing
        String live = sql("SELECT id FROM releases WHERE service='" + SERVICE + "' AND env='prod' AND outcome='LIVE' ORDER BY id DESC LIMIT 1");
        Map<String, Object> rollback = Map.of("action", "rollback", "service", SERVICE, "env", "prod", "release_id", live);
        Map<String, Object> posted = button(prodLiveCard.content(), "rollback");
        assertThat(posted).containsEntry("env", "prod");
        String prodBefore = prodDigest();
        String releasesBefore = sql("SELECT count(*) FROM releases");
        String holdsBefore = sql("SELECT count(*) FROM holds");
        String rollbacksBefore = sql("SELECT count(*) FROM audit WHERE command LIKE '/rollback%'");
        long breakGlassBefore = breakGlassPosts();

        String forged = click("ou_dev1", "om_forged_" + SUFFIX, rollback);
        assertThat(forged).contains("not a button larkops posted on this card").contains("nothing was done");
        String elsewhere = click("ou_dev1", bot.send("ou_dev1", "/help"), posted);
        assertThat(elsewhere).contains("not a button larkops posted on this card");

        assertThat(prodDigest()).isEqualTo(prodBefore);
        assertThat(sql("SELECT count(*) FROM releases")).isEqualTo(releasesBefore);
        assertThat(sql("SELECT count(*) FROM holds")).as("no hold").isEqualTo(holdsBefore);
        assertThat(sql("SELECT count(*) FROM audit WHERE command LIKE '/rollback%'")).as("no break-glass rollback").isEqualTo(rollbacksBefore);
        assertThat(breakGlassPosts()).isEqualTo(breakGlassBefore);
    }

    @Test
    void anApprovalClickedAfterProdChangedIsRefusedSayingWhatChangedAndChangesNothing() throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 3.0.0", "live in staging");
        awaitKnownGood(v3);
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        FakeLark.Sent card = bot.lark.awaitReply(promote, t -> t.contains("Approve: " + SERVICE + " 3.0.0"), Duration.ofSeconds(60));
        Map<String, Object> approve = button(card.content(), "approve");

        // prod changes under the pending request: a rollback, clicked on the card it was posted on
        String running = click("ou_dev1", prodLiveMessage, button(prodLiveCard.content(), "rollback"));
        assertThat(running).contains("running");
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM holds WHERE service='" + SERVICE + "' AND env='PROD'", "1", Duration.ofSeconds(90));
        assertThat(prodDigest()).isEqualTo(v1);

        String answer = click("ou_lead", cardMessageOf(promote), approve);
        assertThat(answer).contains(SERVICE + " prod changed since the request").contains("nothing was done")
                .contains(v2.substring(0, 19)).contains(v1.substring(0, 19)).doesNotContain("deploying");
        String requestId = (String) approve.get("request_id");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("FAILED");
        assertThat(sql("SELECT outcome FROM releases WHERE id=(SELECT release_id FROM approvals WHERE id='" + requestId + "')"))
                .isEqualTo("CANCELLED");
        assertThat(prodDigest()).isEqualTo(v1);
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.service=" + SERVICE, "--filter", "label=larkops.digest=" + v3,
                "--filter", "label=larkops.env=prod").strip()).as("no prod container of 3.0.0 was made").isEmpty();
        // the rollback's audit row is written once its command ended: wait for it, so the other test counts from a still log
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM audit WHERE command LIKE '/rollback%'", "1", Duration.ofSeconds(60));
    }

    // --- helpers ---

    /** Deploys to staging, waits until known-good there, then promotes with an approval; returns the card patched live. */
    static FakeLark.Sent toProd(String version, String digest) throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " " + version, "live in staging");
        awaitKnownGood(digest);
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        FakeLark.Sent card = bot.lark.awaitReply(promote, t -> t.contains("Approve: " + SERVICE + " " + version), Duration.ofSeconds(60));
        String cardMessage = cardMessageOf(promote);
        assertThat(click("ou_lead", cardMessage, button(card.content(), "approve"))).contains("approved");
        return bot.lark.await(s -> s.isPatchOf(cardMessage) && s.text().contains(SERVICE + " " + version + " → prod — live")
                && s.content().toString().contains("\"rollback\""), Duration.ofSeconds(90), version + " live in prod");
    }

    /** The message the command's one reply became (the approval card, later its live card). */
    static String cardMessageOf(String commandMessage) {
        return bot.lark.repliesTo(commandMessage).get(0).responseMessageId();
    }

    static void awaitKnownGood(String digest) throws Exception {
        Sqlite.await(bot.dataDir, "SELECT count(*) > 0 FROM releases WHERE env='staging' AND digest='" + digest
                + "' AND known_good_ms IS NOT NULL", "1", Duration.ofSeconds(60));
    }

    static Map<String, Object> button(JsonNode card, String action) {
        return ProdSteps.button(card, action);
    }

    static String click(String user, String messageId, Map<String, Object> value) {
        return new ProdSteps(bot).click(user, messageId, value);
    }

    /** New messages announcing a break-glass rollback; later patches of an earlier rollback's card are not new rollbacks. */
    static long breakGlassPosts() {
        return bot.lark.sent().stream().filter(s -> !s.method().equals("PATCH") && s.text().contains("BREAK-GLASS")).count();
    }

    static String prodDigest() {
        String container = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=prod").strip();
        assertThat(container.lines()).as("one prod container runs").hasSize(1);
        return DockerCli.label(container, "larkops.digest");
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
