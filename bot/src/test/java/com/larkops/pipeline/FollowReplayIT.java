package com.larkops.pipeline;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing acknowledged to the registry is lost: a push the bot answered 200 for, but whose worker had not run
 * when the process died, is in the store ({@code accepted_pushes}) as the crash left it; the next start replays
 * it through the same decision and deploys it to staging with the usual live card. A second pending push of the
 * same digest finds nothing left to do and is dropped quietly; the registry's redelivery is still a duplicate.
 */
class FollowReplayIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "rpl" + SUFFIX;
    static final String REPO = "replayit/echo" + SUFFIX;
    static final String NETWORK = "larkops-rpl-" + SUFFIX;
    static final String TOKEN = "registry-token-" + UUID.randomUUID();
    static BotHarness bot;
    static String host;

    @BeforeAll
    static void setUp() {
        host = TestRegistry.get().host();
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
                    port: 8080
                    health: /healthz
                    soak: 1h
                    health_timeout: 6s
                    follow: patch
                """.formatted(host, NETWORK, SERVICE, REPO)).withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", TOKEN).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void aPushAcceptedButNeverActedOnBeforeAStopIsDeployedAtTheNextStart() throws Exception {
        String v100 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String v101 = TestImages.push(host, REPO, "1.0.1", "1.0.1", TestImages.Kind.HEALTHY);
        String reply = bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        assertThat(reply).contains(SERVICE + " 1.0.0");

        // a notification the worker acts on is marked done in the journal
        HttpResponse<String> seen = postEvents(envelope("seen-" + SUFFIX, "1.0.0", v100));
        assertThat(seen.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0}");
        awaitSql("SELECT count(*) FROM accepted_pushes WHERE event_id='registry:seen-" + SUFFIX + "' AND done_ms IS NOT NULL", "1");
        assertThat(sql("SELECT outcome FROM audit WHERE command='push " + REPO + ":1.0.0 via registry'")).isEqualTo("ignore");

        // what a crash leaves: two pushes answered 200 (their ids recorded as seen), the worker never reached them
        bot.stopBot();
        long now = System.currentTimeMillis();
        Sqlite.update(bot.dataDir, "INSERT INTO processed_events VALUES ('registry:crash-" + SUFFIX + "', " + now + "), "
                + "('registry:again-" + SUFFIX + "', " + (now + 1) + ")");
        Sqlite.update(bot.dataDir, "INSERT INTO accepted_pushes(event_id, repository, tag, digest, accepted_ms) VALUES "
                + "('registry:crash-" + SUFFIX + "', '" + REPO + "', '1.0.1', '" + v101 + "', " + now + "), "
                + "('registry:again-" + SUFFIX + "', '" + REPO + "', '1.0.1_git.abcdef1', '" + v101 + "', " + (now + 1) + ")");
        bot.start();

        // replayed in arrival order through the normal path: one live card in the service's chat, staging runs 1.0.1
        bot.lark.awaitPostedCard(t -> t.contains("1.0.1") && t.contains("deploying to staging"),
                t -> t.contains("1.0.1") && t.contains("live in staging"), Duration.ofSeconds(90));
        String container = running();
        assertThat(label(container, "larkops.digest")).isEqualTo(v101);
        assertThat(label(container, "larkops.deployed-by")).isEqualTo(Follower.ACTOR);
        awaitSql("SELECT count(*) FROM accepted_pushes WHERE done_ms IS NULL", "0");

        // the second one found its digest handled: dropped quietly, no second deploy, nothing said about it
        assertThat(sql("SELECT count(*) FROM releases WHERE digest='" + v101 + "'")).isEqualTo("1");
        assertThat(bot.lark.sent().stream().filter(s -> s.text().contains("1.0.1_git.abcdef1"))).isEmpty();
        assertThat(bot.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains("1.0.1")))
                .as("one message about 1.0.1: its live card").hasSize(1);

        // the registry's redelivery of an accepted event is still a duplicate, and not queued again
        HttpResponse<String> redelivered = postEvents(envelope("crash-" + SUFFIX, "1.0.1", v101));
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(redelivered.body()).isEqualTo("{\"accepted\":0,\"duplicates\":1}");
        assertThat(sql("SELECT count(*) FROM accepted_pushes WHERE event_id='registry:crash-" + SUFFIX + "'")).isEqualTo("1");
    }

    static String envelope(String id, String tag, String digest) {
        return """
                {"events":[{"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"push",
                 "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","repository":"%s","tag":"%s"}}]}
                """.formatted(id, digest, REPO, tag);
    }

    static HttpResponse<String> postEvents(String body) throws Exception {
        return bot.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/registry/events"))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String running() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }

    static void awaitSql(String query, String expected) throws Exception {
        Sqlite.await(bot.dataDir, query, expected, Duration.ofSeconds(30));
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }
}
