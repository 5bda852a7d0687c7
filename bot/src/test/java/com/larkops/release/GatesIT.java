package com.larkops.release;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.SigstoreJs;
import com.larkops.testing.SkillImages;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestKeys;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gates through the bot's own endpoints, a real registry (notifying the bot) and the real engine, one service
 * per finding of issue #22 so the tests need no order: a notification naming a tag the registry does not serve for
 * that digest deploys nothing (finding 2); a digest deployed bare is recorded under the registry's tag for it, never
 * its image label, so {@code /rollback … to 1.0.0} brings back the real 1.0.0 (finding 6); a staging canary needs the
 * signature {@code verify.for: [staging]} asks for (finding 5).
 */
class GatesIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String FOLLOWED = "gtf" + SUFFIX;
    static final String LABELLED = "gtl" + SUFFIX;
    static final String SKILL = "gts" + SUFFIX;
    static final String CANARIED = "gtc" + SUFFIX;
    static final String NETWORK = "larkops-gates-" + SUFFIX;
    static final String TOKEN = "registry-token-" + UUID.randomUUID();
    static TestRegistry registry;
    static BotHarness bot;
    static String host;
    static TestKeys key;
    static int events;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = Files.createTempDirectory("larkops-gatesit");
        key = TestKeys.ecdsa(dir, "release");
        int registryPort = TestRegistry.freePort();
        host = "127.0.0.1:" + registryPort;
        bot = new BotHarness("""
                registry: %1$s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %2$s
                services:
                  %3$s:
                    repository: gatesit/%3$s
                    port: 8080
                    health: /healthz
                    soak: 1h
                    health_timeout: 20s
                    follow: all
                  %4$s:
                    repository: gatesit/%4$s
                    port: 8080
                    health: /healthz
                    health_timeout: 20s
                  %5$s:
                    repository: gatesit/%5$s
                    skill: true
                    commands: [gts%6$s]
                    health_timeout: 30s
                    verify: {keys: [%7$s], for: [staging]}
                  %8$s:
                    repository: gatesit/%8$s
                    skill: true
                    commands: [gtc%6$s]
                    soak: 1s
                    health_timeout: 30s
                """.formatted(host, NETWORK, FOLLOWED, LABELLED, SKILL, SUFFIX, key.publicPem(), CANARIED))
                .withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", TOKEN).start();
        registry = TestRegistry.startNotifying(registryPort, bot.port(), TOKEN);
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        if (registry != null) {
            registry.stop();
        }
        DockerCli.removeService(FOLLOWED, null);
        DockerCli.removeService(LABELLED, null);
        DockerCli.removeService(SKILL, null);
        DockerCli.removeService(CANARIED, NETWORK);
    }

    /** Finding 2: the notification is a hint; the registry does not serve that digest as 9.9.9, so nothing is deployed. */
    @Test
    void aNotificationWhoseTagTheRegistryDoesNotServeForThatDigestDeploysNothing() throws Exception {
        String repo = "gatesit/" + FOLLOWED;
        String v100 = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        bot.lark.awaitPostedCard(t -> t.contains(FOLLOWED + " 1.0.0") && t.contains("deploying to staging"),
                t -> t.contains("1.0.0") && t.contains("live in staging"), Duration.ofSeconds(90));
        // an image the registry holds under no version tag, announced (with the right token) as 9.9.9
        String other = TestImages.push(host, repo, "scratch-" + SUFFIX, "9.9.9", TestImages.Kind.HEALTHY);
        HttpResponse<String> posted = postEvents(envelope("forged-" + SUFFIX, repo, "9.9.9", other));
        assertThat(posted.statusCode()).isEqualTo(200);

        FakeLark.Sent refused = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains("9.9.9")
                && s.text().contains("was not deployed"), Duration.ofSeconds(90), "the refusal in the service's chat");
        assertThat(refused.body().path("receive_id").asText()).isEqualTo("oc_ops");
        assertThat(refused.text()).contains("in the registry now").contains(other.substring(7, 19));
        assertThat(label(running(FOLLOWED), "larkops.digest")).isEqualTo(v100);
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE digest='" + other + "'")).isEqualTo("0");
        assertThat(bot.lark.sent()).noneMatch(s -> s.text().contains("deploying to staging") && s.text().contains("9.9.9"));
    }

    /** Finding 6: an impostor labelled 1.0.0, deployed by digest, is not "1.0.0"; rolling back to 1.0.0 restores the real one. */
    @Test
    void aVersionIsTheRegistrysTagNeverTheImagesLabel() {
        String repo = "gatesit/" + LABELLED;
        String real = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String impostor = TestImages.push(host, repo, "build-" + SUFFIX, "1.0.0", TestImages.Kind.HEALTHY);
        assertThat(bot.command("ou_dev1", "/deploy " + LABELLED + " 1.0.0", "live in staging")).contains(real.substring(7, 19));
        String bare = bot.command("ou_dev1", "/deploy " + LABELLED + " " + impostor, "live in staging");
        assertThat(bare).contains(LABELLED + " " + impostor.substring(0, 19)).doesNotContain(LABELLED + " 1.0.0");
        assertThat(label(running(LABELLED), "larkops.version")).isNotEqualTo("1.0.0");

        String back = bot.command("ou_dev1", "/rollback " + LABELLED + " staging to 1.0.0", "live in staging");
        assertThat(back).contains(real.substring(7, 19));
        assertThat(label(running(LABELLED), "larkops.digest")).isEqualTo(real);
        assertThat(label(running(LABELLED), "larkops.version")).isEqualTo("1.0.0");
    }

    /** Finding 5: verify.for lists staging, so a staging canary of an unsigned digest is refused like a deploy. */
    @Test
    void aStagingCanaryNeedsTheSignatureStagingAsksFor() {
        String repo = "gatesit/" + SKILL;
        String v1 = SkillImages.push(host, repo, "1.0.0", "1.0.0", SkillImages.Kind.ECHO);
        String v2 = SkillImages.push(host, repo, "2.0.0", "2.0.0", SkillImages.Kind.ECHO);
        SigstoreJs.cosignAt(host, repo, v1, key.privatePem());
        assertThat(bot.command("ou_dev1", "/deploy " + SKILL + " 1.0.0", "live in staging")).contains(v1.substring(7, 19));

        String refused = bot.command("ou_dev1", "/canary " + SKILL + " 2.0.0 10%", "cannot go to staging");
        assertThat(refused).contains(v2.substring(7, 19)).contains("not signed");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.service=" + SKILL, "--filter", "label=larkops.canary=true").strip())
                .isEmpty();

        // signed, the same canary starts: the gate refused for the signature, nothing else
        SigstoreJs.cosignAt(host, repo, v2, key.privatePem());
        assertThat(bot.command("ou_dev1", "/canary " + SKILL + " 2.0.0 10%", "takes 10%")).contains(v2.substring(7, 19));
    }

    /** A prod canary's card stores its plan; the click re-runs the gates, and prod changed since the request: nothing starts. */
    @Test
    void aProdCanaryRunsItsStoredPlanOnlyOnTheProdItWasAskedFor() throws Exception {
        String repo = "gatesit/" + CANARIED;
        String v1 = SkillImages.push(host, repo, "1.0.0", "1.0.0", SkillImages.Kind.ECHO);
        String v2 = SkillImages.push(host, repo, "2.0.0", "2.0.0", SkillImages.Kind.ECHO);
        bot.command("ou_dev1", "/deploy " + CANARIED + " 1.0.0", "live in staging");
        awaitKnownGood(v1);
        String promote = bot.command("ou_dev1", "/promote " + CANARIED + " to prod", "approval requested");
        assertThat(click("ou_lead", requestIdIn(promote))).contains("approved");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(CANARIED + " 1.0.0 → prod — live"), Duration.ofSeconds(90),
                "1.0.0 live in prod");
        bot.command("ou_dev1", "/deploy " + CANARIED + " 2.0.0", "live in staging");
        awaitKnownGood(v2);

        String asked = bot.command("ou_dev1", "/canary " + CANARIED + " 2.0.0 50%", "approval requested");
        String id = requestIdIn(asked);
        String plan = Sqlite.query(bot.dataDir, "SELECT plan_json FROM approvals WHERE id='" + id + "'");
        assertThat(plan).as("the card's plan is stored").contains(CANARIED + "-prod-canary-").contains(v2);
        String prod = prodContainer(CANARIED);
        docker("stop", prod); // prod changes under the request

        assertThat(click("ou_lead", id)).contains("approved");
        FakeLark.Sent refused = bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains("changed since the request"),
                Duration.ofSeconds(60), "the card: prod changed since the request");
        assertThat(refused.text()).contains(prod);
        assertThat(Sqlite.query(bot.dataDir, "SELECT status FROM approvals WHERE id='" + id + "'")).isEqualTo("FAILED");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.service=" + CANARIED, "--filter", "label=larkops.canary=true").strip())
                .as("no canary started").isEmpty();
    }

    static void awaitKnownGood(String digest) {
        com.larkops.testing.Poll.until("known-good in staging", Duration.ofSeconds(60), () -> "1".equals(sqlQuiet(
                "SELECT count(*) FROM releases WHERE env='staging' AND digest='" + digest + "' AND known_good_ms IS NOT NULL")));
    }

    static String sqlQuiet(String query) {
        try {
            return Sqlite.query(bot.dataDir, query);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String click(String user, String requestId) throws Exception {
        String message = Sqlite.query(bot.dataDir, "SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        var event = bot.events.cardAction("ev_card_" + UUID.randomUUID(), user, "oc_ops", message,
                java.util.Map.of("action", "approve", "request_id", requestId));
        HttpResponse<String> r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String requestIdIn(String reply) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    static String prodContainer(String service) {
        java.util.List<String> live = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=prod").strip().lines().filter(n -> !label(n, "larkops.canary").equals("true")).toList();
        assertThat(live).as("prod containers").hasSize(1);
        return live.get(0);
    }

    static String envelope(String id, String repo, String tag, String digest) {
        return """
                {"events":[{"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"push",
                 "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","repository":"%s","tag":"%s"}}]}
                """.formatted(id, digest, repo, tag);
    }

    static HttpResponse<String> postEvents(String body) throws Exception {
        return bot.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/registry/events"))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String running(String service) {
        java.util.List<String> live = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=staging").strip().lines().filter(n -> !label(n, "larkops.canary").equals("true")).toList();
        assertThat(live).as("running containers").hasSize(1);
        return live.get(0);
    }
}
