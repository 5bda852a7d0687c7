package com.larkops.approval;

import com.larkops.testing.BotHarness;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runtime: swarm} on a real two-node Swarm ({@link TestSwarm}), driven through the bot's HTTP endpoint:
 * a prod approval clicked after prod changed under it (a rollback put another digest on the same Swarm service,
 * same name) is refused, saying what changed, and the service keeps running what it ran.
 */
class SwarmStaleApprovalIT {
    static final String HEALTH = "printf 'GET /healthz HTTP/1.0\\\\r\\\\n\\\\r\\\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "swst" + SUFFIX;
    static TestSwarm swarm;
    static BotHarness bot;
    static String v1;
    static String v2;
    static String v3;

    @BeforeAll
    static void setUp() {
        swarm = TestSwarm.get();
        String host = TestRegistry.get().host();
        String repo = "swarmstaleit/" + SERVICE;
        v1 = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, repo, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        v3 = TestImages.push(host, repo, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                runtime: swarm
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                approval_ttl: 10m
                services:
                  %s:
                    repository: %s
                    soak: 1s
                    health_timeout: 30s
                    stop_grace: 2s
                    replicas: 2
                    update_parallelism: 1
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                """.formatted(host, SERVICE, repo, HEALTH)).withEnv("DOCKER_HOST", swarm.dockerHost()).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String env : List.of("staging", "prod")) {
            try {
                swarm.docker("service", "rm", SERVICE + "-" + env);
            } catch (RuntimeException e) {
                // never created
            }
        }
    }

    @Test
    void anApprovalClickedAfterProdChangedIsRefusedAndTheServiceKeepsWhatItRuns() throws Exception {
        toProd("1.0.0", v1);
        FakeLark.Sent live2 = toProd("2.0.0", v2);
        assertThat(prodTaskDigests()).containsOnly(v2);

        bot.command("ou_dev1", "/deploy " + SERVICE + " 3.0.0", "live in staging");
        awaitKnownGood(v3);
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        FakeLark.Sent card = bot.lark.awaitReply(promote, t -> t.contains("Approve: " + SERVICE + " 3.0.0"), Duration.ofSeconds(60));
        Map<String, Object> approve = com.larkops.testing.ProdSteps.button(card.content(), "approve");

        // prod changes under the pending request: the same Swarm service, now on 1.0.0
        assertThat(bot.command("ou_dev1", "/rollback " + SERVICE + " prod", "— live")).contains("rolled back");
        assertThat(prodTaskDigests()).containsOnly(v1);
        assertThat(live2).isNotNull();

        String answer = click("ou_lead", bot.lark.repliesTo(promote).get(0).responseMessageId(), approve);
        assertThat(answer).contains(SERVICE + " prod changed since the request").contains("nothing was done")
                .contains("task 1 (" + v2.substring(0, 19) + ")").contains("task 1 (" + v1.substring(0, 19) + ")")
                .doesNotContain("deploying");
        String requestId = (String) approve.get("request_id");
        assertThat(Sqlite.query(bot.dataDir, "SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("FAILED");
        assertThat(swarm.docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", SERVICE + "-prod").strip())
                .endsWith("@" + v1);
        assertThat(prodTaskDigests()).containsOnly(v1);
    }

    static FakeLark.Sent toProd(String version, String digest) throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " " + version, "live in staging");
        awaitKnownGood(digest);
        String promote = bot.send("ou_dev1", "/promote " + SERVICE + " to prod");
        FakeLark.Sent card = bot.lark.awaitReply(promote, t -> t.contains("Approve: " + SERVICE + " " + version), Duration.ofSeconds(60));
        String cardMessage = bot.lark.repliesTo(promote).get(0).responseMessageId();
        assertThat(click("ou_lead", cardMessage, com.larkops.testing.ProdSteps.button(card.content(), "approve"))).contains("approved");
        return bot.lark.await(s -> s.isPatchOf(cardMessage) && s.text().contains(SERVICE + " " + version + " → prod — live"),
                Duration.ofSeconds(120), version + " live in prod");
    }

    static void awaitKnownGood(String digest) throws Exception {
        Sqlite.await(bot.dataDir, "SELECT count(*) > 0 FROM releases WHERE env='staging' AND digest='" + digest
                + "' AND known_good_ms IS NOT NULL", "1", Duration.ofSeconds(60));
    }

    static String click(String user, String messageId, Map<String, Object> value) {
        return new com.larkops.testing.ProdSteps(bot).click(user, messageId, value);
    }

    /** The digests the prod service's running tasks run, as the manager reports them. */
    static List<String> prodTaskDigests() {
        String out = swarm.docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.Image}} {{.CurrentState}}",
                "--no-trunc", SERVICE + "-prod");
        return out.lines().filter(l -> l.contains(" Running")).map(l -> l.substring(l.indexOf('@') + 1, l.indexOf(' '))).toList();
    }
}
