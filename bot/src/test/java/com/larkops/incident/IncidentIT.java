package com.larkops.incident;

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
 * The incident loop end to end against the real engine and registry, Lark played by WireMock: a prod container that
 * turns unhealthy opens ONE incident card (urgent contacts buzzed once, a group resolved through the contact API), the
 * rollback clicked on it and its outcome are replies in the card's thread ({@code reply_in_thread}), and
 * {@code /incident close} replies with the timeline and turns the card to closed. A prod container replaced outside
 * larkops posts one drift card; its Revert puts larkops' digest back. The watch is driven by advancing the bot's clock.
 */
class IncidentIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SICK = "sick" + SUFFIX;
    static final String DRIFT = "drift" + SUFFIX;
    static final String NETWORK = "larkops-inc-" + SUFFIX;
    static final String OUTSIDE = DRIFT + "-outside";
    static final String ADOPTED = "adopt" + SUFFIX;
    static final String BY_HAND = ADOPTED + "-byhand";
    static String sickV1;
    static String sickV2;
    static String driftV1;
    static String driftV2;
    static String adoptV1;
    static String adoptV2;
    static String adoptV3;
    static BotHarness bot;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        sickV1 = TestImages.push(host, "incidentit/" + SICK, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        sickV2 = TestImages.push(host, "incidentit/" + SICK, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        driftV1 = TestImages.push(host, "incidentit/" + DRIFT, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        driftV2 = TestImages.push(host, "incidentit/" + DRIFT, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        adoptV1 = TestImages.push(host, "incidentit/" + ADOPTED, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        adoptV2 = TestImages.push(host, "incidentit/" + ADOPTED, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        adoptV3 = TestImages.push(host, "incidentit/" + ADOPTED, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        // the watch's own timer is an hour away: the test runs each round by advancing the bot's clock
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                incidents:
                  watch: 1h
                  urgent: [ou_oncall, "group:g_oncall"]
                  recovery: 10m
                services:
                  %s:
                    repository: incidentit/%s
                    soak: 1s
                    health_timeout: 10s
                  %s:
                    repository: incidentit/%s
                    soak: 1s
                    health_timeout: 10s
                  %s:
                    repository: incidentit/%s
                    soak: 1s
                    health_timeout: 10s
                """.formatted(host, NETWORK, SICK, SICK, DRIFT, DRIFT, ADOPTED, ADOPTED));
        bot.lark.groupMembers("g_oncall", "ou_grp1", "ou_grp2");
        bot.start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SICK, null);
        DockerCli.removeService(ADOPTED, null);
        DockerCli.removeService(DRIFT, NETWORK);
    }

    @Test
    void anUnhealthyProdContainerOpensOneIncidentWhoseThreadGetsTheRollbackAndTheCloseWithItsTimeline() throws Exception {
        toProd(SICK, "1.0.0", sickV1);
        toProd(SICK, "2.0.0", sickV2);
        String container = prodContainer(SICK);
        docker("exec", container, "/bin/busybox", "rm", "/www/healthz");

        bot.advance(Duration.ofSeconds(30)); // a round of the watch
        FakeLark.Sent card = bot.lark.await(s -> posted(s) && s.text().contains("Incident #") && s.text().contains(SICK),
                Duration.ofSeconds(30), "the incident card");
        String incident = card.responseMessageId();
        assertThat(card.text()).contains("health check failed").contains("2.0.0").contains(sickV2.substring(0, 19))
                .contains("Last known-good").contains(sickV1.substring(0, 19));
        FakeLark.Sent buzz = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages/" + incident + "/urgent_app"),
                Duration.ofSeconds(30), "the urgent buzz");
        assertThat(buzz.query()).contains("user_id_type=open_id");
        assertThat(buzz.body().path("user_id_list").toString()).contains("ou_oncall").contains("ou_grp1").contains("ou_grp2");

        bot.advance(Duration.ofSeconds(30)); // another round, still unhealthy: returns when done
        assertThat(bot.lark.sent().stream().filter(s -> posted(s) && s.text().contains("Incident #") && s.text().contains(SICK)).count())
                .as("one incident, one card").isEqualTo(1);
        assertThat(bot.lark.urgents().stream().filter(s -> s.path().contains(incident)))
                .as("buzzed once per incident (the other test's stopped container may open its own)").hasSize(1);

        String answer = click("ou_dev1", incident, button(card.content(), "incident_rollback"));
        assertThat(answer).contains("running");
        FakeLark.Sent rolledBack = bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.text().contains("rollback of 1.0.0")
                && s.text().contains("live"), Duration.ofSeconds(90), "the rollback in the incident's thread");
        assertThat(rolledBack.body().path("reply_in_thread").asBoolean()).isTrue();
        assertThat(DockerCli.label(prodContainer(SICK), "larkops.digest")).isEqualTo(sickV1);
        assertThat(bot.lark.sent().stream().filter(s -> posted(s) && s.text().contains(SICK)).count())
                .as("nothing new top-level about the service while its incident is open").isEqualTo(1);

        String close = bot.send("ou_dev1", "/incident close " + SICK);
        bot.lark.awaitReply(close, t -> t.contains("closed"), Duration.ofSeconds(30));
        FakeLark.Sent timeline = bot.lark.await(s -> s.isReply() && s.path().contains(incident) && s.text().contains("timeline"),
                Duration.ofSeconds(30), "the timeline in the incident's thread");
        assertThat(timeline.body().path("reply_in_thread").asBoolean()).isTrue();
        assertThat(timeline.text()).contains("opened: health check failed").contains("rollback of 1.0.0").contains("closed by");
        bot.lark.await(s -> s.isPatchOf(incident) && s.text().contains("Incident closed"), Duration.ofSeconds(30), "the card closed");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM incidents WHERE service='" + SICK + "' AND closed_ms IS NULL"))
                .isEqualTo("0");
    }

    @Test
    void aContainerReplacedOutsideLarkopsPostsOneDriftCardWhoseRevertBringsLarkopsDigestBack() throws Exception {
        toProd(DRIFT, "1.0.0", driftV1);
        String ours = prodContainer(DRIFT);
        docker("stop", ours);
        docker("run", "-d", "--name", OUTSIDE, "--network", NETWORK, "--label", "larkops.service=" + DRIFT,
                "--label", "larkops.env=prod", "--label", "larkops.version=2.0.0", "--label", "larkops.digest=" + driftV2,
                "--label", "larkops.deployed-by=someone", TestRegistry.get().host() + "/incidentit/" + DRIFT + "@" + driftV2);

        bot.advance(Duration.ofSeconds(30));
        FakeLark.Sent card = bot.lark.await(s -> s.interactive() && s.text().contains("Drift: " + DRIFT),
                Duration.ofSeconds(30), "the drift card");
        assertThat(card.text()).contains("2.0.0").contains("larkops deployed").contains(driftV1.substring(0, 19));
        bot.advance(Duration.ofSeconds(30)); // the same drift again: returns when the round is done
        assertThat(bot.lark.sent().stream().filter(s -> s.interactive() && s.text().contains("Drift: " + DRIFT)).count())
                .as("one card per distinct drift").isEqualTo(1);
        assertThat(button(card.content(), "drift_adopt")).containsEntry("digest", driftV2);

        String driftCard = card.responseMessageId();
        assertThat(click("ou_dev1", driftCard, button(card.content(), "drift_revert"))).contains("running");
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM releases WHERE service='" + DRIFT + "' AND env='prod' AND kind='ROLLBACK' "
                + "AND outcome='LIVE'", "1", Duration.ofSeconds(60));
        assertThat(DockerCli.label(prodContainer(DRIFT), "larkops.digest")).isEqualTo(driftV1);
        FakeLark.Sent answer = bot.lark.await(s -> s.isReply() && s.path().contains(driftCard), Duration.ofSeconds(30),
                "the revert's live card in the drift card's thread");
        assertThat(answer.body().path("reply_in_thread").asBoolean()).isTrue();
        // the rollback holds the service's lock until its final card reached Lark: wait for that before the next change
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM audit WHERE command = 'release ' || (SELECT max(id) FROM releases WHERE service='"
                + DRIFT + "' AND kind='ROLLBACK') || ' card' AND outcome='finished'", "1", Duration.ofSeconds(60));

        // then a script moves the registry's prod tag: another drift, another card; its Revert moves the tag back
        var registry = com.larkops.testing.RegistryProbe.of(TestRegistry.get());
        assertThat(registry.requireDigest("incidentit/" + DRIFT, "prod")).isEqualTo(driftV1);
        retag("incidentit/" + DRIFT, "2.0.0", "prod");
        assertThat(registry.requireDigest("incidentit/" + DRIFT, "prod")).isEqualTo(driftV2);
        bot.advance(Duration.ofSeconds(30));
        FakeLark.Sent tagCard = bot.lark.await(s -> s.interactive() && s.text().contains("Drift: " + DRIFT) && s.text().contains("prod tag"),
                Duration.ofSeconds(30), "the drift card of the moved tag");
        assertThat(click("ou_dev1", tagCard.responseMessageId(), button(tagCard.content(), "drift_revert"))).contains("running");
        com.larkops.testing.Poll.until("the prod tag back on larkops' digest", Duration.ofSeconds(60),
                () -> registry.digest("incidentit/" + DRIFT, "prod").map(driftV1::equals).orElse(false));
        assertThat(DockerCli.label(prodContainer(DRIFT), "larkops.digest")).isEqualTo(driftV1);
    }

    @Test
    void adoptRecordsAReplacedContainerAsTheReleaseAndDeploysWhatAMovedTagNamesEachAfterAnApproval() throws Exception {
        toProd(ADOPTED, "1.0.0", adoptV1);
        docker("stop", prodContainer(ADOPTED));
        docker("run", "-d", "--name", BY_HAND, "--network", NETWORK, "--label", "larkops.service=" + ADOPTED,
                "--label", "larkops.env=prod", "--label", "larkops.version=2.0.0", "--label", "larkops.digest=" + adoptV2,
                "--label", "larkops.deployed-by=someone", TestRegistry.get().host() + "/incidentit/" + ADOPTED + "@" + adoptV2);
        String byHandId = docker("inspect", "--format", "{{.Id}} {{.State.StartedAt}}", BY_HAND).strip();

        // a container replaced by hand: Adopt records it, after an approval (it never ran in staging: no known-good refusal)
        bot.advance(Duration.ofSeconds(30));
        FakeLark.Sent card = bot.lark.await(s -> s.interactive() && s.text().contains("Drift: " + ADOPTED),
                Duration.ofSeconds(30), "the drift card of the replaced container");
        Map<String, Object> adopt = button(card.content(), "drift_adopt");
        assertThat(adopt).containsEntry("digest", adoptV2);
        assertThat(String.valueOf(adopt.get("seen"))).contains(BY_HAND + "@" + adoptV2).contains("tag:prod@" + adoptV1);
        String driftCard = card.responseMessageId();
        assertThat(click("ou_dev1", driftCard, adopt)).contains("running");
        FakeLark.Sent approval = bot.lark.await(s -> s.isReply() && s.path().contains(driftCard) && s.text().contains("Approve: " + ADOPTED),
                Duration.ofSeconds(60), "the adopt's approval card in the drift card's thread");
        assertThat(approval.text()).contains("2.0.0").contains("nothing is started or stopped").contains("record " + BY_HAND);
        String approvalCard = approval.responseMessageId();
        assertThat(click("ou_dev1", approvalCard, button(approval.content(), "approve"))).as("the requester is no approver")
                .doesNotContain("approved");
        assertThat(click("ou_lead", approvalCard, button(approval.content(), "approve"))).contains("approved");
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM releases WHERE service='" + ADOPTED + "' AND env='prod' AND kind='ADOPT' "
                + "AND outcome='LIVE' AND digest='" + adoptV2 + "' AND container_id='" + BY_HAND + "'", "1", Duration.ofSeconds(60));
        assertThat(prodContainer(ADOPTED)).as("the same container still runs").isEqualTo(BY_HAND);
        assertThat(docker("inspect", "--format", "{{.Id}} {{.State.StartedAt}}", BY_HAND).strip()).as("neither recreated nor restarted")
                .isEqualTo(byHandId);
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE service='" + ADOPTED + "' AND env='staging' AND digest='"
                + adoptV2 + "'")).as("it never ran in staging").isEqualTo("0");
        var registry = com.larkops.testing.RegistryProbe.of(TestRegistry.get());
        com.larkops.testing.Poll.until("the prod tag on the adopted digest", Duration.ofSeconds(30),
                () -> registry.digest("incidentit/" + ADOPTED, "prod").map(adoptV2::equals).orElse(false));
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM audit WHERE command = 'release ' || (SELECT max(id) FROM releases WHERE service='"
                + ADOPTED + "') || ' card' AND outcome='finished'", "1", Duration.ofSeconds(60));

        // the first card is stale now (the tag moved since it was posted): its Adopt is refused by the changed-since gate
        assertThat(click("ou_dev1", driftCard, adopt)).contains("running");
        FakeLark.Sent stale = bot.lark.await(s -> s.isReply() && s.path().contains(driftCard) && s.text().contains("changed since"),
                Duration.ofSeconds(30), "the stale Adopt refused in the drift card's thread");
        assertThat(stale.text()).contains("tag:prod").contains("nothing was done");

        // then a script moves the prod tag to an image that never ran anywhere: Adopt deploys it, after an approval
        retag("incidentit/" + ADOPTED, "3.0.0", "prod");
        bot.advance(Duration.ofSeconds(30));
        FakeLark.Sent tagCard = bot.lark.await(s -> s.interactive() && s.text().contains("Drift: " + ADOPTED) && s.text().contains("prod tag"),
                Duration.ofSeconds(30), "the drift card of the moved tag");
        Map<String, Object> adoptTag = button(tagCard.content(), "drift_adopt");
        assertThat(adoptTag).containsEntry("digest", adoptV3);
        String tagCardId = tagCard.responseMessageId();
        assertThat(click("ou_dev1", tagCardId, adoptTag)).contains("running");
        FakeLark.Sent tagApproval = bot.lark.await(s -> s.isReply() && s.path().contains(tagCardId) && s.text().contains("Approve: " + ADOPTED),
                Duration.ofSeconds(60), "the moved tag's adopt approval card");
        assertThat(tagApproval.text()).contains("3.0.0").contains("never soaked in staging");
        assertThat(click("ou_lead", tagApproval.responseMessageId(), button(tagApproval.content(), "approve"))).contains("approved");
        Sqlite.await(bot.dataDir, "SELECT count(*) FROM releases WHERE service='" + ADOPTED + "' AND env='prod' AND kind='ADOPT' "
                + "AND outcome='LIVE' AND digest='" + adoptV3 + "'", "1", Duration.ofSeconds(90));
        String deployed = prodContainer(ADOPTED);
        assertThat(deployed).as("a new container runs what the tag names").isNotEqualTo(BY_HAND);
        assertThat(DockerCli.label(deployed, "larkops.digest")).isEqualTo(adoptV3);
        assertThat(Sqlite.query(bot.dataDir, "SELECT outcome FROM releases WHERE service='" + ADOPTED + "' AND container_id='" + BY_HAND + "'"))
                .isEqualTo("SUPERSEDED");
    }

    /** What a script would do to the registry: the manifest of {@code from} put under {@code to}, the same bytes. */
    static void retag(String repository, String from, String to) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String base = "http://" + TestRegistry.get().host() + "/v2/" + repository + "/manifests/";
        var got = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + from))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        var put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + to))
                .header("Content-Type", got.headers().firstValue("Content-Type").orElseThrow())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(got.body())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);
    }

    // --- helpers ---

    static boolean posted(FakeLark.Sent s) {
        return ProdSteps.posted(s);
    }

    static void toProd(String service, String version, String digest) throws Exception {
        new ProdSteps(bot).toProd(service, version, digest);
    }

    static String prodContainer(String service) {
        return ProdSteps.prodContainer(service);
    }

    static Map<String, Object> button(JsonNode card, String action) {
        return ProdSteps.button(card, action);
    }

    static String click(String user, String messageId, Map<String, Object> value) {
        return new ProdSteps(bot).click(user, messageId, value);
    }
}
