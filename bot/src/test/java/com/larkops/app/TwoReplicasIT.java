package com.larkops.app;

import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real bots (the same Lark app, two replicas) sharing one PostgreSQL store. The same signed event
 * delivered to both at once (a retry that lands on the other replica, or a webhook plus a long
 * connection) is acted on by exactly one of them; the other acknowledges it as a duplicate.
 */
class TwoReplicasIT {
    static final String CONFIG = """
            registry: 127.0.0.1:5999
            chats: [oc_ops]
            roles:
              deployers: [ou_dev1]
              approvers: [ou_lead]
            services: {}
            """;

    String url;
    BotHarness a;
    BotHarness b;

    @BeforeEach
    void start() {
        url = TestPostgres.get().newDatabase();
        a = new BotHarness(CONFIG).withEnv("LARKOPS_DATABASE_URL", url).start();
        b = new BotHarness(CONFIG).withEnv("LARKOPS_DATABASE_URL", url).start();
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void theSameEventDeliveredToBothReplicasIsActedOnOnce() throws Exception {
        int events = 6;
        for (int i = 0; i < events; i++) {
            String messageId = "om_twice_" + i;
            LarkEventFactory.Delivery d = a.events.deliver(a.events.message("ev_twice_" + i, messageId, "oc_ops", "ou_dev1", "/help"));
            CountDownLatch go = new CountDownLatch(1);
            var toA = CompletableFuture.supplyAsync(() -> await(go, () -> a.post(d)));
            var toB = CompletableFuture.supplyAsync(() -> await(go, () -> b.post(d)));
            go.countDown();
            List<HttpResponse<String>> answers = List.of(toA.get(), toB.get());

            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            assertThat(answers.stream().filter(r -> r.body().contains("duplicate")).count()).as("event " + i).isEqualTo(1);
            BotHarness actor = answers.get(0).body().contains("duplicate") ? b : a;
            BotHarness other = actor == a ? b : a;
            actor.lark.awaitReply(messageId, t -> t.contains("larkops commands"), Duration.ofSeconds(10));
            assertThat(other.lark.repliesTo(messageId)).isEmpty();
        }
        try (var c = DriverManager.getConnection(jdbc(url), TestPostgres.USER, TestPostgres.PASSWORD);
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit WHERE command LIKE '/help%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("one audit entry per event, from whichever replica acted").isEqualTo(events);
        }
    }

    @Test
    void aRetryThatLandsOnTheOtherReplicaLaterIsADuplicate() {
        var event = a.events.message("ev_retry", "om_retry", "oc_ops", "ou_dev1", "/help");
        assertThat(b.post(a.events.deliver(event)).statusCode()).isEqualTo(200);
        b.lark.awaitReply("om_retry", t -> t.contains("larkops commands"), Duration.ofSeconds(10));

        // Lark redelivers (its retry after ~15 s) to a random connection: here the replica that never saw it
        HttpResponse<String> atA = a.post(a.events.deliver(event));
        assertThat(atA.statusCode()).isEqualTo(200);
        assertThat(atA.body()).contains("duplicate");
        assertThat(a.lark.repliesTo("om_retry")).isEmpty();
    }

    private static String jdbc(String url) {
        return "jdbc:postgresql://" + url.substring(url.indexOf('@') + 1);
    }

    private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> call) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return call.get();
    }
}
