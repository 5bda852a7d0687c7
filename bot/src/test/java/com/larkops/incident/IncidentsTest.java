package com.larkops.incident;

import com.larkops.command.Messenger;
import com.larkops.i18n.Text;
import com.larkops.command.News;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.lark.NewsThreads;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.ReleaseHistory;
import com.larkops.store.Database;
import com.larkops.store.IncidentTable;
import com.larkops.store.NewsThreadTable;
import com.larkops.store.ReleaseStore;
import com.larkops.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident loop and the news threads on a real SQLite store, the chat recorded: what is posted, replied in a thread, buzzed. */
class IncidentsTest {
    static final String V1 = "sha256:" + "1".repeat(64);
    static final String V2 = "sha256:" + "2".repeat(64);

    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock();
    Chat chat = new Chat();
    ReleaseStore releases;
    IncidentTable table;
    Incidents incidents;

    /** Every message, as {@code send chat text}, {@code thread <root> text}, {@code update <id> …}, {@code urgent <id> people}. */
    static final class Chat implements Messenger {
        final List<String> log = new ArrayList<>();
        int ids;

        public synchronized void reply(String messageId, Reply reply) {
            log.add("reply " + messageId + " " + reply.text());
        }

        public synchronized Optional<String> replyInThread(String messageId, Reply reply) {
            log.add("thread " + messageId + " " + reply.text());
            return Optional.of("om_t" + ++ids);
        }

        public synchronized Optional<String> send(String chatId, Reply reply) {
            String id = "om_" + ++ids;
            log.add("send " + chatId + " " + id + " " + reply.text());
            return Optional.of(id);
        }

        public synchronized void updateCard(String messageId, Map<String, Object> card) {
            log.add("update " + messageId + " " + card.get("header"));
        }

        public synchronized void urgent(String messageId, List<String> openIds) {
            log.add("urgent " + messageId + " " + openIds);
        }

        synchronized List<String> starting(String prefix) {
            return log.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    @BeforeEach
    void setUp() {
        db = Database.open(dir);
        releases = new ReleaseStore(db, clock);
        table = new IncidentTable(db);
        LarkopsConfig config = ConfigFile.parse("""
                registry: 127.0.0.1:5000
                chats: [oc_ops]
                incidents:
                  urgent: [ou_oncall, "group:g_oncall"]
                  recovery: 5m
                services:
                  echo: {repository: skills/echo}
                  other: {repository: skills/other}
                """, "test");
        incidents = new Incidents(config, table, releases, chat, (m, who) -> chat.urgent(m, who), clock);
        live("1.0.0", V1, true);
        live("2.0.0", V2, true);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    void live(String version, String digest, boolean knownGood) {
        Release r = releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.PROD, version, Digest.parse(digest), "reg/echo@" + digest,
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", clock.instant()), Release.Outcome.IN_PROGRESS);
        releases.live(r.id(), "echo-prod-r" + r.id(), clock.instant());
        if (knownGood) {
            releases.knownGood(r.id(), clock.instant());
        }
    }

    @Test
    void troubleOpensOneIncidentOneCardOneBuzzHoweverOftenItIsSeen() {
        incidents.trouble(new ServiceName("echo"), Text.verbatim("health check failed"), new Incidents.Serving("2.0.0", V2));
        incidents.trouble(new ServiceName("echo"), Text.verbatim("health check failed"), new Incidents.Serving("2.0.0", V2));
        incidents.changed(new ServiceName("echo"), Env.PROD, Release.Kind.DEPLOY, "3.0.0", Digest.parse(V1), "ou_dev1", false, "failed\nlogs");

        assertThat(chat.starting("send")).hasSize(1);
        assertThat(chat.starting("send").get(0)).contains("oc_ops").contains("health check failed");
        assertThat(chat.starting("urgent")).containsExactly("urgent om_1 [ou_oncall, group:g_oncall]");
        assertThat(chat.starting("thread")).singleElement().asString().startsWith("thread om_1 ")
                .contains("deploy of 3.0.0").contains("failed: failed");
        assertThat(table.allOpen()).hasSize(1);
    }

    @Test
    void aFailedProdDeployOpensAnIncidentAndLaterChangesAreRepliesInItsThread() {
        incidents.changed(new ServiceName("echo"), Env.STAGING, Release.Kind.DEPLOY, "3.0.0", Digest.parse(V1), "ou_dev1", false, "failed");
        assertThat(chat.log).as("staging is no incident").isEmpty();
        incidents.changed(new ServiceName("echo"), Env.PROD, Release.Kind.DEPLOY, "3.0.0", Digest.parse(V1), "ou_dev1", false, "not healthy in 60s");
        assertThat(chat.starting("send")).singleElement().asString().contains("failed and was undone: not healthy in 60s");
        incidents.changed(new ServiceName("echo"), Env.PROD, Release.Kind.ROLLBACK, "1.0.0", Digest.parse(V1), "ou_dev1", true, "live");
        assertThat(chat.starting("thread")).singleElement().asString().contains("rollback of 1.0.0").endsWith(": live");
        assertThat(chat.starting("send")).hasSize(1);
    }

    @Test
    void healthHeldForTheRecoveryPeriodClosesItWithTheTimelineAndTheCardClosed() {
        incidents.trouble(new ServiceName("echo"), Text.verbatim("health check failed"), new Incidents.Serving("2.0.0", V2));
        incidents.healthy(new ServiceName("echo"));
        assertThat(chat.starting("thread")).singleElement().asString().contains("healthy again");
        clock.advance(Duration.ofMinutes(4));
        incidents.healthy(new ServiceName("echo"));
        assertThat(table.allOpen()).as("not yet: 4 of 5 minutes").hasSize(1);
        incidents.trouble(new ServiceName("echo"), Text.verbatim("health check failed again"), new Incidents.Serving("2.0.0", V2));
        assertThat(chat.starting("thread")).hasSize(2).last().asString().contains("trouble again");
        incidents.healthy(new ServiceName("echo"));
        clock.advance(Duration.ofMinutes(5));
        incidents.healthy(new ServiceName("echo"));

        assertThat(table.allOpen()).isEmpty();
        String timeline = chat.starting("thread").get(chat.starting("thread").size() - 1);
        assertThat(timeline).contains("timeline").contains("+0ms opened: health check failed").contains("trouble again")
                .contains("closed by " + Incidents.RECOVERED);
        assertThat(chat.starting("update om_1")).singleElement().asString().contains("Incident closed #");
    }

    @Test
    void closeNamesWhatItClosesAndRefusesWhatItCannot() {
        assertThat(incidents.close(Optional.empty(), "ou_dev1").outcome()).isEqualTo(Reply.Outcome.REFUSED);
        incidents.trouble(new ServiceName("echo"), Text.verbatim("down"), new Incidents.Serving("2.0.0", V2));
        incidents.trouble(new ServiceName("other"), Text.verbatim("down"), new Incidents.Serving("", ""));
        Reply several = incidents.close(Optional.empty(), "ou_dev1");
        assertThat(several.outcome()).isEqualTo(Reply.Outcome.USAGE);
        assertThat(several.text()).contains("echo").contains("other");
        assertThat(incidents.close(Optional.of(new ServiceName("echo")), "ou_dev1").text()).contains("closed");
        assertThat(incidents.close(Optional.of(new ServiceName("echo")), "ou_dev1").outcome()).isEqualTo(Reply.Outcome.REFUSED);
        assertThat(table.allOpen()).extracting(i -> i.service().value()).containsExactly("other");
    }

    @Test
    void newsOfATopicIsOneThreadAndGoesIntoTheIncidentsThreadWhileOneIsOpen() {
        News news = new NewsThreads(chat, new NewsThreadTable(db), s -> incidents.threadOf(new ServiceName(s)), clock);
        news.tell("oc_ops", new News.Topic("echo", "1.4.2"), Reply.ok(com.larkops.i18n.Text.verbatim("pushed, not deployed")));
        news.tell("oc_ops", new News.Topic("echo", "1.4.2"), Reply.ok(com.larkops.i18n.Text.verbatim("known-good in staging")));
        news.tell("oc_ops", new News.Topic("echo", "1.4.3"), Reply.ok(com.larkops.i18n.Text.verbatim("pushed")));
        assertThat(chat.starting("send")).hasSize(2);
        assertThat(chat.starting("thread")).singleElement().asString().isEqualTo("thread om_1 known-good in staging");

        incidents.trouble(new ServiceName("echo"), Text.verbatim("down"), new Incidents.Serving("2.0.0", V2));
        String card = table.openFor(new ServiceName("echo"), Env.PROD).orElseThrow().messageId();
        news.tell("oc_ops", new News.Topic("echo", "1.4.3"), Reply.ok(com.larkops.i18n.Text.verbatim("signature refused")));
        assertThat(chat.log.get(chat.log.size() - 1)).isEqualTo("thread " + card + " signature refused");
    }
}
