package com.larkops.app;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Poll;
import com.larkops.testing.TestConfig;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestPostgres;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real bots on one PostgreSQL store, a real engine and registry: an approval card posted by one replica,
 * clicked Approve twice at once, one click landing on each replica (a double click that Lark spreads, or two
 * approvers). The request is decided once and its plan runs once; the other click is told it is decided.
 */
class TwoReplicasApprovalIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "tra" + SUFFIX;
    static final String REPO = "tworeplicasit/" + SERVICE;
    static final String NETWORK = "larkops-tra-" + SUFFIX;

    String url;
    BotHarness a;
    BotHarness b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void anApprovalClickedThroughBothReplicasRunsOnce() throws Exception {
        String v1 = TestImages.push(TestRegistry.get().host(), REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String config = TestConfig.on(NETWORK).approvers("ou_lead").service(SERVICE, REPO, "soak", "1s", "health_timeout", "60s").build();
        url = TestPostgres.get().newDatabase();
        a = new BotHarness(config).withEnv("LARKOPS_DATABASE_URL", url).start();
        b = new BotHarness(config).withEnv("LARKOPS_DATABASE_URL", url).start();

        String requestId = requestedThrough(a);
        String card = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");

        CountDownLatch go = new CountDownLatch(1);
        var atA = CompletableFuture.supplyAsync(() -> click(a, go, card, requestId));
        var atB = CompletableFuture.supplyAsync(() -> click(b, go, card, requestId));
        go.countDown();
        List<HttpResponse<String>> answers = List.of(atA.get(), atB.get());
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(answers.stream().filter(r -> r.body().contains("approved — deploying")).count()).as("one click decides").isEqualTo(1);
        assertThat(answers.stream().filter(r -> r.body().contains("already")).count()).as("the other is told").isEqualTo(1);

        BotHarness runner = answers.get(0).body().contains("approved — deploying") ? a : b;
        runner.lark.await(s -> s.method().equals("PATCH") && s.text().contains(SERVICE + " 1.0.0 → prod — live"),
                Duration.ofSeconds(60), "the approval card patched to live by the replica that took the click");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("DONE");
        String prod = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=prod").strip();
        assertThat(prod.lines().toList()).hasSize(1);
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", prod).strip()).isEqualTo(v1);
        assertThat(sql("SELECT COUNT(*) FROM releases WHERE env='prod'")).isEqualTo("1");
        assertThat(sql("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM audit WHERE command LIKE 'release %: %' "
                + "GROUP BY command) steps")).as("no step ran twice").isEqualTo("1");
        assertThat(sql("SELECT COUNT(*) FROM audit WHERE command LIKE 'release %: start " + SERVICE + "-prod-%'")).isEqualTo("1");
    }

    @Test
    void backgroundWorkRunsOnTheLeaderOnlyAndAnUnansweredRequestExpiresOnce() throws Exception {
        TestImages.push(TestRegistry.get().host(), REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String config = TestConfig.on(NETWORK).approvers("ou_lead").set("approval_ttl", "10m")
                .service(SERVICE, REPO, "soak", "1s", "health_timeout", "60s").build();
        url = TestPostgres.get().newDatabase();
        a = new BotHarness(config).withEnv("LARKOPS_DATABASE_URL", url).start();
        b = new BotHarness(config).withEnv("LARKOPS_DATABASE_URL", url).start();
        Poll.until("one replica leads", Duration.ofSeconds(30), () -> leads(a) + leads(b) == 1);
        BotHarness leader = leads(a) == 1 ? a : b;
        BotHarness follower = leader == a ? b : a;

        String requestId = requestedThrough(follower);
        String card = sql("SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");

        // nobody answers; both replicas' clocks pass the TTL and both run their due work: the follower's returns having
        // expired nothing (it does not lead), the leader's expires the request and closes the card the follower posted
        follower.advance(Duration.ofMinutes(11));
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).as("the follower expired nothing").isEqualTo("PENDING");
        leader.advance(Duration.ofMinutes(11));
        leader.lark.await(s -> s.isPatchOf(card) && s.text().contains("Expired"), Duration.ofSeconds(20),
                "the leader's update of the expired card");
        assertThat(sql("SELECT status FROM approvals WHERE id='" + requestId + "'")).isEqualTo("EXPIRED");
        follower.advance(Duration.ofMinutes(1));
        assertThat(follower.lark.sent().stream().filter(s -> s.isPatchOf(card) && s.text().contains("Expired")).count())
                .as("closed once, by the leader").isZero();
    }

    /** 1.0.0 deployed to staging and known-good there, then asked for in prod, all through {@code bot}; returns the request id. */
    private String requestedThrough(BotHarness bot) {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        bot.advance(Duration.ofSeconds(2)); // past the soak: the replica that deployed watches it
        Poll.until("known-good in staging", Duration.ofSeconds(30), () -> "t".equals(sql(
                "SELECT CASE WHEN known_good_ms IS NULL THEN 'f' ELSE 't' END FROM releases WHERE env='staging' AND outcome='LIVE'")));
        String reply = bot.command("ou_dev1", "/promote " + SERVICE + " to prod", "approval requested");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    /** The replica's {@code larkops_leader} gauge: 1 while it runs the background work, else 0. */
    private static int leads(BotHarness bot) {
        try {
            String metrics = bot.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + bot.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().anyMatch(l -> l.startsWith("larkops_leader") && l.trim().endsWith(" 1.0")) ? 1 : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static HttpResponse<String> click(BotHarness bot, CountDownLatch go, String card, String requestId) {
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), "ou_lead", "oc_ops", card,
                Map.of("action", "approve", "request_id", requestId));
        var delivery = bot.events.deliver(event);
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return bot.post(delivery);
    }

    private String sql(String query) {
        try (var c = DriverManager.getConnection("jdbc:postgresql://" + url.substring(url.indexOf('@') + 1), TestPostgres.USER,
                TestPostgres.PASSWORD); var rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
