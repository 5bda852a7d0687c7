package com.larkops.incident;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Poll;
import com.larkops.testing.ProdSteps;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other way into the incident loop, and the other way out, against the real engine and registry: a prod deploy
 * that fails its health gate and is undone opens ONE incident card; its Show logs and Hold buttons answer in the
 * card's thread as the typed commands would; the service healthy again (the undo put the last release back) notes
 * that in the thread, and once it stayed healthy for {@code incidents.recovery} the incident closes by itself with
 * its timeline.
 */
class IncidentRecoveryIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "undo" + SUFFIX;
    static final String NETWORK = "larkops-incr-" + SUFFIX;
    static String v1;
    static String v2Gated;
    static BotHarness bot;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, "incidentrecoveryit/" + SERVICE, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        // healthy only once its gate is opened: opened by hand in staging, never in prod
        v2Gated = TestImages.push(host, "incidentrecoveryit/" + SERVICE, "2.0.0", "2.0.0", TestImages.Kind.GATED);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                incidents:
                  watch: 1h
                  recovery: 2m
                services:
                  %s:
                    repository: incidentrecoveryit/%s
                    soak: 1s
                    health_timeout: 5s
                """.formatted(host, NETWORK, SERVICE, SERVICE));
        bot.start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void aFailedProdDeployOpensAnIncidentThatClosesByItselfOnceHealthHeld() throws Exception {
        ProdSteps steps = new ProdSteps(bot);
        steps.toProd(SERVICE, "1.0.0", v1);
        // 2.0.0 passes staging (its gate opened there) and is approved for prod, where it never becomes healthy
        String staging = bot.send("ou_dev1", "/deploy " + SERVICE + " 2.0.0");
        String gated = awaitContainer("staging", v2Gated);
        TestImages.openGate(gated);
        bot.lark.awaitReply(staging, t -> t.contains("live in staging"), Duration.ofSeconds(90));
        Sqlite.await(bot.dataDir, "SELECT count(*) > 0 FROM releases WHERE env='staging' AND digest='" + v2Gated
                + "' AND known_good_ms IS NOT NULL", "1", Duration.ofSeconds(60));
        assertThat(steps.promoteApproved(SERVICE, "2.0.0")).contains("approved");

        FakeLark.Sent card = bot.lark.await(s -> ProdSteps.posted(s) && s.text().contains("Incident #") && s.text().contains(SERVICE),
                Duration.ofSeconds(90), "the incident card of the undone deploy");
        String incident = card.responseMessageId();
        assertThat(card.text()).contains("failed and was undone").contains("2.0.0").contains("Last known-good").contains(v1.substring(0, 19));
        assertThat(DockerCli.label(ProdSteps.prodContainer(SERVICE), "larkops.digest")).as("the undo put 1.0.0 back").isEqualTo(v1);

        // Show logs and Hold answer in the incident's thread, as /logs and /hold typed by the clicker would
        steps.click("ou_dev1", incident, ProdSteps.button(card.content(), "incident_logs"));
        bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.body().path("reply_in_thread").asBoolean()
                && s.text().contains(SERVICE), Duration.ofSeconds(30), "the logs in the incident's thread");
        steps.click("ou_dev1", incident, ProdSteps.button(card.content(), "incident_hold"));
        bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.text().contains("is held"), Duration.ofSeconds(30),
                "the hold in the incident's thread");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM holds WHERE service='" + SERVICE + "' AND upper(env)='PROD'")).isEqualTo("1");

        // the watch finds it healthy: recovering; healthy for the recovery period: closed by itself, with its timeline
        bot.advance(Duration.ofSeconds(30));
        bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.text().contains("healthy again"), Duration.ofSeconds(30),
                "the recovery's start in the thread");
        bot.advance(Duration.ofMinutes(2));
        FakeLark.Sent timeline = bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.text().contains("timeline"),
                Duration.ofSeconds(30), "the timeline in the incident's thread");
        assertThat(timeline.text()).contains("failed and was undone").contains("healthy again").contains("closed by larkops (recovered)");
        bot.lark.await(s -> s.isPatchOf(incident) && s.text().contains("Incident closed"), Duration.ofSeconds(30), "the card closed");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM incidents WHERE service='" + SERVICE + "' AND closed_ms IS NULL"))
                .isEqualTo("0");
    }

    /** The container of {@code service} in {@code env} running {@code digest}, once it exists. */
    static String awaitContainer(String env, String digest) {
        String[] name = {""};
        Poll.until(SERVICE + " " + env + " container of " + digest, Duration.ofSeconds(60), () -> {
            name[0] = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE, "--filter",
                    "label=larkops.env=" + env, "--filter", "label=larkops.digest=" + digest).strip();
            return !name[0].isEmpty();
        });
        return name[0];
    }
}
