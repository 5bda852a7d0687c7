package com.larkops.approval;

import com.larkops.testing.BotHarness;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests expire: a late click changes nothing, and a bot that starts after the expiry closes the card. */
class ApprovalExpiryIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "expi" + SUFFIX;
    static final String REPO = "approvalit/expi" + SUFFIX;
    static final String NETWORK = "larkops-ex-" + SUFFIX;
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration SOAK = Duration.ofMinutes(5);
    static BotHarness bot;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
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
                    soak: 5m
                """.formatted(host, NETWORK, SERVICE, REPO)).start();
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        bot.passSoak(SERVICE, "staging", SOAK);
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String id : TestImages.run(null, "docker", "ps", "-aq", "--filter", "label=larkops.service=" + SERVICE).split("\\s+")) {
            if (!id.isBlank()) {
                TestImages.run(null, "docker", "rm", "-f", id);
            }
        }
        try {
            TestImages.run(null, "docker", "network", "rm", NETWORK);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    @Test
    void aLateClickFindsTheRequestExpiredAndChangesNothing() throws Exception {
        String id = request();
        // the clock alone moves (no expiry sweep): the click itself must find the request expired
        bot.clock.advance(TTL.plusSeconds(1));
        String answer = click(id);
        assertThat(answer).contains("expired").contains("Expired: " + SERVICE + " 1.0.0 to prod");
        assertThat(answer).doesNotContain("\"behaviors\"");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("EXPIRED");
        assertThat(sql("SELECT outcome FROM releases WHERE id=(SELECT release_id FROM approvals WHERE id='" + id + "')")).isEqualTo("CANCELLED");
        assertThat(TestImages.run(null, "docker", "ps", "-q", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=prod").strip()).isEmpty();
    }

    @Test
    void aBotStartingAfterTheExpiryClosesThePendingCard() throws Exception {
        String id = request();
        String cardMessage = sql("SELECT card_message_id FROM approvals WHERE id='" + id + "'");
        bot.stopBot();
        bot.clock.advance(TTL.plusSeconds(1));
        bot.start();
        var patched = bot.lark.await(s -> s.method().equals("PATCH") && s.path().endsWith("/" + cardMessage)
                && s.text().contains("Expired"), Duration.ofSeconds(20), "the expired card update");
        assertThat(patched.text()).contains("without a decision");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("EXPIRED");
    }

    static String request() {
        String reply = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "approval requested");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }


    static String click(String requestId) throws Exception {
        String card = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), "ou_lead", "oc_ops", card,
                Map.of("action", "approve", "request_id", requestId));
        return bot.post(bot.events.deliver(event)).body();
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
