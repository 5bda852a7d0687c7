package com.larkops.lark;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.larkops.testing.BotHarness;
import com.larkops.testing.FakeLark;
import com.larkops.testing.LarkEventFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed and encrypted events, exactly as Lark sends them, posted to a running bot. */
@org.junit.jupiter.api.Tag("smoke") // also run by the fresh-machine check (README)
class LarkWebhookIT {
    static final String CONFIG = """
            registry: 127.0.0.1:5999
            chats: [oc_ops, oc_p2p_dev1]
            roles:
              deployers: [ou_dev1]
              approvers: [ou_lead]
            services: {}
            """;

    BotHarness bot;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        bot = new BotHarness(CONFIG).start();
    }

    @AfterEach
    void stop() {
        bot.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void helpIsAnsweredInTheMessageThread() {
        long start = System.nanoTime();
        HttpResponse<String> r = bot.say("oc_ops", "ou_someone", "om_help1", "@_user_1 /help");
        long ackMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        FakeLark.Sent reply = bot.lark.awaitReply("om_help1", t -> t.contains("/help"), Duration.ofSeconds(5));
        assertThat(reply.method()).isEqualTo("POST");
        assertThat(reply.body().path("msg_type").asText()).isEqualTo("text");
        assertThat(reply.text()).startsWith("larkops commands:").contains("/help  — this list");
        System.out.println("help ack took " + ackMs + " ms");
    }

    @Test
    void badSignatureIsRefusedAndNothingHappens() {
        var d = bot.events.deliver(bot.events.message("ev_sig", "om_sig", "oc_ops", "ou_dev1", "/help"));
        HttpResponse<String> r = bot.post(d.withSignature("0".repeat(64)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertNoMessageSent();
        // the same event correctly signed afterwards is still new: a forged copy did not burn its id
        assertThat(bot.post(bot.events.deliver(bot.events.message("ev_sig", "om_sig", "oc_ops", "ou_dev1", "/help"))).statusCode()).isEqualTo(200);
        bot.lark.awaitReply("om_sig", t -> t.contains("larkops commands"), Duration.ofSeconds(5));
    }

    @Test
    void wrongVerificationTokenIsRefused() {
        var plain = bot.events.message("ev_tok", "om_tok", "oc_ops", "ou_dev1", "/help", System.currentTimeMillis(), "wrong-token");
        HttpResponse<String> r = bot.post(bot.events.deliver(plain));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("verification token");
        assertNoMessageSent();
    }

    @Test
    void staleEventsAreRefused() {
        long nineHoursAgo = System.currentTimeMillis() - Duration.ofHours(9).toMillis();
        var oldEvent = bot.events.message("ev_old", "om_old", "oc_ops", "ou_dev1", "/help", nineHoursAgo, BotHarness.TOKEN);
        assertThat(bot.post(bot.events.deliver(oldEvent)).statusCode()).isEqualTo(401);

        var fresh = bot.events.message("ev_oldts", "om_oldts", "oc_ops", "ou_dev1", "/help");
        assertThat(bot.post(bot.events.deliver(fresh, nineHoursAgo / 1000)).statusCode()).isEqualTo(401);

        var future = bot.events.message("ev_future", "om_future", "oc_ops", "ou_dev1", "/help",
                System.currentTimeMillis() + Duration.ofMinutes(10).toMillis(), BotHarness.TOKEN);
        assertThat(bot.post(bot.events.deliver(future)).statusCode()).isEqualTo(401);
        assertNoMessageSent();
    }

    @Test
    void replayedEventIdIsAcknowledgedButHandledOnceAlsoAcrossRestart() throws Exception {
        var plain = bot.events.message("ev_dup", "om_dup", "oc_ops", "ou_dev1", "/help");
        assertThat(bot.post(bot.events.deliver(plain)).statusCode()).isEqualTo(200);
        HttpResponse<String> second = bot.post(bot.events.deliver(plain));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("duplicate");
        bot.lark.awaitReply("om_dup", t -> t.contains("larkops commands"), Duration.ofSeconds(5));

        bot.stopBot();
        bot.start();
        HttpResponse<String> afterRestart = bot.post(bot.events.deliver(plain));
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(afterRestart.body()).contains("duplicate");
        // the positive signal first: a later command's reply; the replayed one would have been answered before it
        bot.post(bot.events.deliver(bot.events.message("ev_after_dup", "om_after_dup", "oc_ops", "ou_dev1", "/nosuchcommand")));
        bot.lark.awaitReply("om_after_dup", t -> t.contains("unknown command"), Duration.ofSeconds(5));
        assertThat(bot.lark.repliesTo("om_dup")).hasSize(1);
        assertThat(auditCount("/help")).isEqualTo(1);
    }

    @Test
    void anEventRedeliveredRightAfterTheBotRestartedIsNotActedOnAgain() throws Exception {
        var plain = bot.events.message("ev_restart", "om_restart", "oc_ops", "ou_dev1", "/help");
        HttpResponse<String> first = bot.post(bot.events.deliver(plain));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).doesNotContain("duplicate");

        // at once: the id may still be waiting for its batched write; a stop must write it
        bot.stopBot();
        bot.start();
        HttpResponse<String> again = bot.post(bot.events.deliver(plain));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(bot.lark.repliesTo("om_restart")).hasSize(1); // the stop drained the first one's reply
        assertThat(auditCount("/help")).isEqualTo(1);
    }

    @Test
    void oversizedBodyIsRefusedBeforeParsing() throws Exception {
        // a raw upload: the bot answers before it has the body and closes the connection on the rest, which Java's
        // HTTP client may report as a broken upload instead of the answer
        com.larkops.testing.ChunkedUpload.Outcome r = com.larkops.testing.ChunkedUpload.postSized(bot.port(), "/lark/events", (1 << 20) + 10);
        assertThat(r.status()).as(r.answer()).isEqualTo(413);
        assertNoMessageSent();
    }

    @Test
    void a150KibMessageOfMentionsIsAcknowledgedAtOnceAndAnsweredTooLong() {
        // thousands of leading "@x " words: mention stripping must not copy the text once per mention
        String huge = "@x ".repeat(150 * 1024 / 3) + "/help";
        bot.say("oc_ops", "ou_dev1", "om_warm", "/help"); // the first event of a fresh JVM pays for class loading
        long start = System.nanoTime();
        HttpResponse<String> r = bot.say("oc_ops", "ou_dev1", "om_huge", huge);
        long ackMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ackMs).as("Lark's 3 s deadline for the ack").isLessThan(3000);
        FakeLark.Sent reply = bot.lark.awaitReply("om_huge", t -> t.contains("too long"), Duration.ofSeconds(10));
        assertThat(reply.text()).hasSizeLessThan(300);
        System.out.println("150 KiB message ack took " + ackMs + " ms");
    }

    @Test
    void urlChallengeAnswersOnlyWithTheRightToken() {
        HttpResponse<String> ok = bot.post(bot.events.deliver(bot.events.challenge("ch-123", BotHarness.TOKEN)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"challenge\":\"ch-123\"}");

        HttpResponse<String> bad = bot.post(bot.events.deliver(bot.events.challenge("ch-456", "nope")));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).doesNotContain("ch-456");
    }

    @Test
    void unencryptedOrUndecryptableBodiesAreRefused() throws Exception {
        HttpResponse<String> plain = bot.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/lark/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"2.0\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        var other = new LarkEventFactory(BotHarness.TOKEN, "another-key", bot.appId);
        assertThat(bot.post(other.deliver(other.message("ev_key", "om_key", "oc_ops", "ou_dev1", "/help"))).statusCode())
                .isIn(400, 401);
        assertNoMessageSent();
    }

    @Test
    void unknownChatIsRefusedWithoutActing() throws Exception {
        bot.say("oc_elsewhere", "ou_dev1", "om_chat", "/help");
        FakeLark.Sent reply = bot.lark.awaitReply("om_chat", t -> t.contains("not one larkops obeys"), Duration.ofSeconds(5));
        assertThat(reply.text()).doesNotContain("larkops commands");
        assertThat(auditCount("/help")).isZero();
    }

    @Test
    void unknownCommandGetsAHelpfulAnswer() {
        bot.say("oc_ops", "ou_dev1", "om_unk", "/deplyo echo 1.0.0");
        bot.lark.awaitReply("om_unk", t -> t.contains("unknown command /deplyo") && t.contains("/help"), Duration.ofSeconds(5));
    }

    @Test
    void metricsCountEventsAndRejections() throws Exception {
        bot.say("oc_ops", "ou_dev1", "om_m1", "/help");
        var d = bot.events.deliver(bot.events.message("ev_m2", "om_m2", "oc_ops", "ou_dev1", "/help"));
        bot.post(d.withSignature("bad"));
        bot.lark.awaitReply("om_m1", t -> true, Duration.ofSeconds(5));
        String metrics = bot.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("larkops_events_received_total 2.0");
        assertThat(metrics).contains("larkops_events_rejected_total{reason=\"signature\"} 1.0");
        assertThat(metrics).contains("larkops_commands_total{command=\"help\",outcome=\"ok\"} 1.0");
        assertThat(metrics).contains("larkops_command_duration_seconds_bucket");
    }

    @Test
    void noSecretReachesTheLogs() {
        bot.say("oc_ops", "ou_dev1", "om_s1", "/help");
        bot.post(bot.events.deliver(bot.events.message("ev_s2", "om_s2", "oc_ops", "ou_dev1", "/help", System.currentTimeMillis(), "wrong")));
        bot.lark.awaitReply("om_s1", t -> true, Duration.ofSeconds(5));
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(BotHarness.TOKEN, BotHarness.ENCRYPT_KEY, "app-secret-789", "t-fake");
        }
    }

    /** Refused events send nothing: a valid command sent after them is answered, and it is the only message. */
    private void assertNoMessageSent() {
        String marker = "om_marker_" + java.util.UUID.randomUUID();
        bot.post(bot.events.deliver(bot.events.message("ev_" + marker, marker, "oc_ops", "ou_dev1", "/nosuchcommand")));
        bot.lark.awaitReply(marker, t -> t.contains("unknown command"), Duration.ofSeconds(5));
        assertThat(bot.lark.sent()).hasSize(1);
    }

    private int auditCount(String command) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + bot.dataDir.resolve("larkops.db"));
             var ps = c.prepareStatement("SELECT count(*) FROM audit WHERE command = ?")) {
            ps.setString(1, command);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }
}
