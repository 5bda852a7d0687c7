package com.larkops.schedule;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploy windows and scheduled deploys against the real engine and registry, Lark faked: a typed deploy outside the
 * window is refused with the next opening, a rollback there runs and says so; a scheduled change runs when the test
 * clock reaches its time (staging), or is approved now and runs then with every gate checked again (prod: a freeze
 * placed meanwhile refuses it), survives a restart, and can be cancelled.
 */
class ScheduleIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String BASE_REPO = "scheduleit/base" + SUFFIX;
    static final String NETWORK = "larkops-sc-" + SUFFIX;
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Duration SOAK = Duration.ofMinutes(5);
    static final List<String> SERVICES = List.of("window", "staging", "prod", "freeze", "cancel", "badtime", "card");
    static String v1;
    static String v2;
    static String v3;
    static final String EVENTS_TOKEN = "registry-token-" + UUID.randomUUID();
    /** Changes only on one day of the week, two days from now (UTC): closed now. */
    static BotHarness windowed;
    /** No windows; times in Asia/Shanghai. */
    static BotHarness bot;
    static LocalDate openDay;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, BASE_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, BASE_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        StringBuilder services = new StringBuilder();
        for (String s : SERVICES) {
            TestImages.copy(host, BASE_REPO, "1.0.0", repo(s));
            TestImages.copy(host, BASE_REPO, "2.0.0", repo(s));
            services.append("""
                      %s:
                        repository: %s
                        soak: 5m
                        health_timeout: 10s
                        follow: all
                    """.formatted(service(s), repo(s)));
        }
        v3 = TestImages.push(host, repo("window"), "3.0.0", "3.0.0", TestImages.Kind.HEALTHY);
        String common = """
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead, ou_lead2]
                network: %s
                approval_ttl: 12h
                services:
                %s""".formatted(host, NETWORK, services);
        openDay = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC).plusDays(2);
        String day = openDay.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
        windowed = new BotHarness(common + """
                windows:
                  staging:
                    allow: ["%s"]
                """.formatted(day)).withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", EVENTS_TOKEN).start();
        bot = new BotHarness(common + "timezone: Asia/Shanghai\n").start();
    }

    @AfterAll
    static void tearDown() {
        for (BotHarness b : new BotHarness[]{windowed, bot}) {
            if (b != null) {
                b.close();
            }
        }
        for (String s : SERVICES) {
            DockerCli.removeService(service(s), null);
        }
        DockerCli.removeService("none", NETWORK);
    }

    static String service(String test) {
        return "sc" + SUFFIX + "-" + test;
    }

    static String repo(String test) {
        return "scheduleit/" + service(test);
    }

    @Test
    void outsideTheWindowADeployIsRefusedWithTheNextOpeningAndARollbackRunsAndSaysSo() throws Exception {
        String svc = service("window");
        String day = openDay.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
        String refused = windowed.command("ou_dev1", "/deploy " + svc + " 1.0.0", "outside its deploy window");
        assertThat(refused).contains("staging is outside its deploy window (allow " + day + " UTC); next opening " + day + " " + openDay + " 00:00");
        assertThat(containers(svc, "staging")).isEmpty();
        String at = LocalDateTime.ofInstant(windowed.clock.instant().plus(Duration.ofHours(1)), ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        assertThat(windowed.command("ou_dev1", "/deploy " + svc + " 1.0.0 at " + at, "outside its deploy window"))
                .as("a schedule is judged at its time").contains("pick a time inside the window");

        // inside the window (the test clock on the open day): deploys go through
        windowed.clock.advance(Duration.between(windowed.clock.instant(), openDay.atTime(1, 0).toInstant(ZoneOffset.UTC)));
        windowed.command("ou_dev1", "/deploy " + svc + " 1.0.0", "live in staging");
        windowed.command("ou_dev1", "/deploy " + svc + " 2.0.0", "live in staging");

        // the next day the window is shut: an automatic deploy (a push followed) and a typed one are refused, a rollback
        // is not, and its answer says it ran outside
        windowed.advance(Duration.ofDays(1));
        assertThat(notify(windowed, svc, "3.0.0", v3).statusCode()).isEqualTo(200);
        FakeLark.Sent automatic = windowed.lark.await(m -> m.path().equals("/open-apis/im/v1/messages") && m.text().contains(svc + " 3.0.0")
                && m.text().contains("was not deployed"), Duration.ofSeconds(60), "the automatic deploy refused in the chat");
        assertThat(automatic.text()).contains("staging is outside its deploy window (allow " + day + " UTC); next opening " + day + " "
                + openDay.plusDays(7) + " 00:00");
        assertThat(windowed.command("ou_dev1", "/deploy " + svc + " 1.0.0", "outside its deploy window"))
                .contains("next opening " + day + " " + openDay.plusDays(7) + " 00:00");
        String rollback = windowed.command("ou_dev1", "/rollback " + svc + " staging to 1.0.0", "rollbacks are always allowed");
        assertThat(rollback).contains("live in staging").contains("staging is outside the deploy window (allow " + day + " UTC) — rollbacks are always allowed");
        assertThat(label(containers(svc, "staging").get(0), "larkops.digest")).isEqualTo(v1);
    }

    @Test
    void aScheduledStagingDeployRunsWhenTheClockReachesItsTime() throws Exception {
        String svc = service("staging");
        String at = wallClock(bot, Duration.ofHours(2).plusMinutes(10));
        String messageId = bot.send("ou_dev1", "/deploy " + svc + " 1.0.0 at " + at);
        String card = bot.lark.awaitReply(messageId, t -> t.contains("Scheduled: " + svc + " 1.0.0 → staging"), Duration.ofSeconds(60)).text();
        assertThat(card).contains("Runs at").contains(at + " Asia/Shanghai").containsPattern("in 2h( [05]m)?").contains(v1);
        String id = sql(bot, "SELECT id FROM schedules WHERE service='" + svc + "'");
        assertThat(sql(bot, "SELECT status FROM schedules WHERE id='" + id + "'")).isEqualTo("PENDING");
        assertThat(bot.command("ou_dev2", "/schedules", "pending")).contains(id).contains(svc + " 1.0.0 → staging");

        bot.advance(Duration.ofMinutes(80));
        bot.lark.awaitReply(messageId, t -> t.contains("Scheduled: " + svc) && t.matches("(?s).*\\*\\*in [45][0-9]m\\*\\*.*"),
                Duration.ofSeconds(30));
        assertThat(containers(svc, "staging")).as("not before its time").isEmpty();

        bot.advance(Duration.ofMinutes(51));
        FakeLark.Sent done = bot.lark.awaitReply(messageId, t -> t.contains("live in staging") && t.contains("scheduled change"),
                Duration.ofSeconds(90));
        assertThat(done.text()).contains(v1.substring(0, 19)).contains("scheduled change " + id);
        assertThat(label(containers(svc, "staging").get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql(bot, "SELECT status FROM schedules WHERE id='" + id + "'")).isEqualTo("DONE");
    }

    @Test
    void aTimeInThePastOrMalformedIsOneClearLine() {
        String svc = service("badtime");
        assertThat(bot.command("ou_dev1", "/deploy " + svc + " 1.0.0 at 2020-01-01 10:00", "in the past"))
                .contains("2020-01-01 10:00 (Asia/Shanghai) is in the past").doesNotContain("Exception");
        assertThat(bot.command("ou_dev1", "/deploy " + svc + " 1.0.0 at 2026-13-01 10:00", "not a date of the calendar")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/deploy " + svc + " 1.0.0 prod at tomorrow", "expected 'at YYYY-MM-DD HH:MM'")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/deploy " + svc + " 1.0.0 at 2027-01-01 25:00", "'25:00' is not a time")).isNotBlank();
    }

    @Test
    void aScheduledProdDeployIsApprovedNowSurvivesARestartAndRunsLater() throws Exception {
        String svc = service("prod");
        knownGoodInStaging(svc, "1.0.0");
        String messageId = bot.send("ou_dev1", "/deploy " + svc + " 1.0.0 prod at " + wallClock(bot, Duration.ofHours(3)));
        bot.lark.awaitReply(messageId, t -> t.contains("Scheduled: " + svc + " 1.0.0 → prod"), Duration.ofSeconds(60));
        String id = sql(bot, "SELECT id FROM schedules WHERE service='" + svc + "'");
        String approval = sql(bot, "SELECT approval_id FROM schedules WHERE id='" + id + "'");
        FakeLark.Sent approvalCard = bot.lark.await(s -> s.text().contains("Approve: " + svc + " 1.0.0 to prod?"), Duration.ofSeconds(30),
                "the approval card");
        assertThat(approvalCard.text()).contains("Scheduled for");
        assertThat(approve(bot, "ou_lead", approval)).contains("runs at its scheduled time");
        assertThat(sql(bot, "SELECT status FROM approvals WHERE id='" + approval + "'")).isEqualTo("APPROVED");

        bot.stopBot();
        bot.start();
        assertThat(containers(svc, "prod")).as("an approved schedule does not run at start").isEmpty();
        bot.advance(Duration.ofHours(3));
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains(svc + " 1.0.0 → prod — live"), Duration.ofSeconds(90),
                "the approval card patched to live");
        assertThat(label(containers(svc, "prod").get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql(bot, "SELECT status FROM schedules WHERE id='" + id + "'")).isEqualTo("DONE");
        bot.lark.await(s -> s.method().equals("PATCH") && s.text().contains("Ran: " + svc + " 1.0.0 → prod"), Duration.ofSeconds(30),
                "the schedule card says it ran");
    }

    @Test
    void aFreezePlacedAfterTheApprovalRefusesTheScheduledRunAndSaysSo() throws Exception {
        String svc = service("freeze");
        knownGoodInStaging(svc, "1.0.0");
        String messageId = bot.send("ou_dev1", "/deploy " + svc + " 1.0.0 prod at " + wallClock(bot, Duration.ofHours(2)));
        bot.lark.awaitReply(messageId, t -> t.contains("Scheduled: " + svc + " 1.0.0 → prod"), Duration.ofSeconds(60));
        String id = sql(bot, "SELECT id FROM schedules WHERE service='" + svc + "'");
        String approval = sql(bot, "SELECT approval_id FROM schedules WHERE id='" + id + "'");
        assertThat(approve(bot, "ou_lead", approval)).contains("runs at its scheduled time");
        bot.command("ou_lead", "/freeze " + svc + " prod database migration", "frozen");

        bot.advance(Duration.ofHours(2));
        String failed = bot.lark.awaitReply(messageId, t -> t.contains("Did not run: " + svc), Duration.ofSeconds(60)).text();
        assertThat(failed).contains("frozen by").contains("database migration");
        assertThat(sql(bot, "SELECT status FROM schedules WHERE id='" + id + "'")).isEqualTo("FAILED");
        assertThat(sql(bot, "SELECT status FROM approvals WHERE id='" + approval + "'")).isEqualTo("FAILED");
        assertThat(containers(svc, "prod")).isEmpty();
    }

    @Test
    void cancelByTheRequesterOrAnApproverOnlyAndNothingRunsThen() throws Exception {
        String svc = service("cancel");
        String messageId = bot.send("ou_dev1", "/deploy " + svc + " 2.0.0 at " + wallClock(bot, Duration.ofHours(1)));
        bot.lark.awaitReply(messageId, t -> t.contains("Scheduled: " + svc), Duration.ofSeconds(60));
        String id = sql(bot, "SELECT id FROM schedules WHERE service='" + svc + "'");
        // the card's message id is stored once Lark answered the reply: wait for it, not just for the reply
        com.larkops.testing.Sqlite.await(bot.dataDir, "SELECT count(*) FROM schedules WHERE id='" + id + "' AND card_message_id IS NOT NULL",
                "1", Duration.ofSeconds(30));
        String card = sql(bot, "SELECT card_message_id FROM schedules WHERE id='" + id + "'");
        assertThat(cancel(bot, card, "ou_dev2", id)).contains("only the requester or an approver may cancel");
        assertThat(cancel(bot, "om_not_a_schedule_card", "ou_dev1", id)).doesNotContain("cancelled " + id);
        // from the /schedules list: its own Cancel button
        String list = bot.send("ou_dev2", "/schedules");
        FakeLark.Sent listed = bot.lark.awaitReply(list, t -> t.contains(id), Duration.ofSeconds(30));
        assertThat(cancel(bot, listed.responseMessageId(), "ou_dev1", id)).contains("cancelled " + id);
        assertThat(cancel(bot, card, "ou_lead", id)).as("the card shows no Cancel any more").contains("this card has changed since");
        bot.lark.await(s -> s.isPatchOf(bot.lark.repliesTo(messageId).get(0).responseMessageId()) && s.text().contains("Cancelled: " + svc),
                Duration.ofSeconds(30), "the schedule card says cancelled");

        bot.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(sql(bot, "SELECT status FROM schedules WHERE id='" + id + "'")).isEqualTo("CANCELLED");
        assertThat(containers(svc, "staging")).isEmpty();
    }

    @Test
    void aPromotionCardScheduledByItsRequesterIsApprovedNowAndRunsAtThePickedTime() throws Exception {
        String svc = service("card");
        knownGoodInStaging(svc, "1.0.0");
        String messageId = bot.send("ou_dev1", "/promote " + svc + " to prod");
        FakeLark.Sent posted = bot.lark.awaitReply(messageId, t -> t.contains("Approve: " + svc + " 1.0.0 to prod?"), Duration.ofSeconds(60));
        assertThat(posted.content().toString()).contains("schedule_approval").contains("picker_datetime");
        String approval = sql(bot, "SELECT id FROM approvals WHERE service='" + svc + "'");
        String card = sql(bot, "SELECT card_message_id FROM approvals WHERE id='" + approval + "'");

        assertThat(schedule(bot, card, "ou_dev2", approval, wallClock(bot, Duration.ofMinutes(2)) + " +0800"))
                .contains("only the requester or an approver can schedule this request");
        assertThat(schedule(bot, card, "ou_dev1", approval, wallClock(bot, Duration.ofMinutes(-5)) + " +0800"))
                .contains("(Asia/Shanghai) is in the past");
        String at = wallClock(bot, Duration.ofMinutes(2));
        assertThat(schedule(bot, card, "ou_dev1", approval, at + " +0800"))
                .contains("Request " + approval + " is scheduled for").contains(at + " Asia/Shanghai").contains("Scheduled for");
        assertThat(sql(bot, "SELECT status FROM approvals WHERE id='" + approval + "'")).as("approval still happens now").isEqualTo("PENDING");
        assertThat(bot.command("ou_dev2", "/schedules", "pending")).contains(svc + " 1.0.0 → prod");

        String approved = approve(bot, "ou_lead", approval);
        assertThat(approved).contains("runs at its scheduled time").contains("Scheduled for").contains(at + " Asia/Shanghai");
        assertThat(sql(bot, "SELECT status FROM approvals WHERE id='" + approval + "'")).isEqualTo("APPROVED");

        bot.advance(Duration.ofMinutes(3));
        bot.lark.await(s -> s.isPatchOf(card) && s.text().contains(svc + " 1.0.0 → prod — live"), Duration.ofSeconds(90),
                "the approval card patched to live at the picked time");
        assertThat(label(containers(svc, "prod").get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql(bot, "SELECT status FROM schedules WHERE approval_id='" + approval + "'")).isEqualTo("DONE");
    }

    // --- helpers ---

    /** The approval card's Schedule choice submitted with {@code picked} (as Lark's date-time picker answers). */
    static String schedule(BotHarness b, String messageId, String user, String requestId, String picked) {
        var r = b.post(b.events.deliver(b.events.formSubmit("ev_card_" + UUID.randomUUID(), user, "oc_ops", messageId,
                Map.of("action", "schedule_approval", "request_id", requestId), Map.of("at", picked))));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** A Distribution notification of a push, as the registry sends it. */
    static java.net.http.HttpResponse<String> notify(BotHarness b, String svc, String tag, String digest) throws Exception {
        String body = """
                {"events":[{"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"push",
                 "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","repository":"%s","tag":"%s"}}]}
                """.formatted("ev-" + UUID.randomUUID(), digest, "scheduleit/" + svc, tag);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + b.port() + "/registry/events"))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer " + EVENTS_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return b.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static void knownGoodInStaging(String svc, String version) {
        bot.command("ou_dev1", "/deploy " + svc + " " + version, "live in staging");
        bot.passSoak(svc, "staging", SOAK);
    }

    /** The bot's time plus {@code ahead}, as a user in Asia/Shanghai writes it. */
    static String wallClock(BotHarness b, Duration ahead) {
        return LocalDateTime.ofInstant(b.clock.instant().plus(ahead), SHANGHAI).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }

    static String approve(BotHarness b, String user, String requestId) throws Exception {
        com.larkops.testing.Sqlite.await(b.dataDir, "SELECT count(*) FROM approvals WHERE id='" + requestId + "' AND card_message_id IS NOT NULL",
                "1", Duration.ofSeconds(30));
        String message = sql(b, "SELECT card_message_id FROM approvals WHERE id='" + requestId + "'");
        return click(b, message, user, Map.of("action", "approve", "request_id", requestId));
    }

    static String cancel(BotHarness b, String messageId, String user, String scheduleId) {
        return click(b, messageId, user, Map.of("action", "cancel_schedule", "schedule_id", scheduleId));
    }

    static String click(BotHarness b, String messageId, String user, Map<String, Object> value) {
        var r = b.post(b.events.deliver(b.events.cardAction("ev_card_" + UUID.randomUUID(), user, "oc_ops", messageId, value)));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static List<String> containers(String svc, String env) {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + svc, "--filter", "label=larkops.env=" + env)
                .strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    static String sql(BotHarness b, String query) throws Exception {
        return Sqlite.query(b.dataDir, query);
    }
}
