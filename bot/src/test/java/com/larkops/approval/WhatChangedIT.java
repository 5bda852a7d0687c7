package com.larkops.approval;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prod approval card shows what changed, read from the registry: both images were built with OCI labels
 * (revision, source on github.com), the candidate carries an extra layer. Real engine, real registry, the
 * approval driven by signed events against the fake Lark.
 */
class WhatChangedIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "wch" + SUFFIX;
    static final String REPO = "whatchangedit/" + SERVICE;
    static final String NETWORK = "larkops-wch-" + SUFFIX;
    static final String OLD = "1111111111111111111111111111111111111111";
    static final String NEW = "2222222222222222222222222222222222222222";
    static final Duration SOAK = Duration.ofMinutes(5);
    static BotHarness bot;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY,
                "LABEL org.opencontainers.image.revision=\"" + OLD + "\"",
                "LABEL org.opencontainers.image.source=\"https://github.com/acme/echo\"",
                "LABEL org.opencontainers.image.created=\"2026-12-01T10:00:00Z\"");
        TestImages.push(host, REPO, "1.1.0", "1.1.0", TestImages.Kind.HEALTHY,
                "LABEL org.opencontainers.image.revision=\"" + NEW + "\"",
                "LABEL org.opencontainers.image.source=\"https://github.com/acme/echo.git\"",
                "LABEL org.opencontainers.image.created=\"2026-12-05T10:00:00Z\"",
                "RUN [\"/bin/busybox\", \"dd\", \"if=/dev/urandom\", \"of=/padding\", \"bs=1024\", \"count=1536\"]");
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                services:
                  %s:
                    repository: %s
                    soak: 5m
                    health_timeout: 10s
                """.formatted(host, NETWORK, SERVICE, REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void aProdApprovalCardShowsBothRevisionsTheCompareLinkAndTheSizeDifference() {
        inProd("1.0.0");
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.1.0", "live in staging");
        bot.passSoak(SERVICE, "staging", SOAK);
        String reply = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "approval requested");
        String id = ApprovalIT.requestIdIn(reply);
        FakeLark.Sent card = bot.lark.await(s -> s.isReply() && s.text().contains(id), Duration.ofSeconds(30), "the approval card");
        String content = card.content().toString();
        assertThat(content).contains("What changed").contains("| revision | " + OLD + " | " + NEW + " |")
                .contains("| version | 1.0.0 | 1.1.0 |")
                .contains("(https://github.com/acme/echo/compare/" + OLD + "..." + NEW + ")")
                .contains("healthy for 5m").contains("0 restarts").contains("**Signature** not checked (verify.for does not list prod)");
        assertThat(content).containsPattern("\\| size \\| [0-9.]+ MiB \\| [0-9.]+ MiB \\(\\+1\\.[0-9] MiB\\) \\|");
    }

    static void inProd(String version) {
        bot.command("ou_dev1", "/deploy " + SERVICE + " " + version, "live in staging");
        bot.passSoak(SERVICE, "staging", SOAK);
        String id = ApprovalIT.requestIdIn(bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "approval requested"));
        FakeLark.Sent card = bot.lark.await(s -> s.isReply() && s.text().contains(id), Duration.ofSeconds(30), "the first card");
        assertThat(card.content().toString()).contains("| version | — | " + version + " |");
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), "ou_lead", "oc_ops", cardMessage(id),
                Map.of("action", "approve", "request_id", id));
        assertThat(bot.post(bot.events.deliver(event)).statusCode()).isEqualTo(200);
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SERVICE + " " + version + " → prod — live"),
                Duration.ofSeconds(90), "prod live");
    }

    static String cardMessage(String requestId) {
        try {
            return com.larkops.testing.Sqlite.query(bot.dataDir, "SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
