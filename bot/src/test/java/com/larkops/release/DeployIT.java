package com.larkops.release;

import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /deploy, /digest, /rollback, /history driven through signed Lark events against the real engine and
 * a real registry; assertions on the engine (labels, digests, running/stopped), the store and the
 * replies Lark received. Each test has a bot, a store and a service (and repository) of its own and deploys
 * the history it starts from, so any test runs alone; the images are built once.
 */
@org.junit.jupiter.api.Tag("smoke") // also run by the fresh-machine check (README)
class DeployIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    /** Where the images are built once; each test's repository gets copies through the registry (same digests). */
    static final String BASE_REPO = "deployit/echo" + SUFFIX;
    static final String NETWORK = "larkops-it-" + SUFFIX;
    static final Duration SOAK = Duration.ofMinutes(5);
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static String v1;
    static String v2;
    static String v3;
    /** This test's service, its repository and its bot. */
    String service;
    String repo;
    BotHarness bot;

    @BeforeAll
    static void images() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, BASE_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, BASE_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        v3 = TestImages.push(host, BASE_REPO, "3.0.0", "3.0.0", TestImages.Kind.BROKEN);
        // the bot must pull: remove the local copies the build left behind
        for (String t : List.of("1.0.0", "2.0.0", "3.0.0")) {
            TestImages.run(null, "docker", "rmi", "-f", host + "/" + BASE_REPO + ":" + t);
        }
    }

    @BeforeEach
    void botWithAServiceOfItsOwn() {
        String host = TestRegistry.get().host();
        service = "echo" + SUFFIX + "-" + TESTS.incrementAndGet();
        repo = "deployit/" + service;
        for (String t : List.of("1.0.0", "2.0.0", "3.0.0")) {
            TestImages.copy(host, BASE_REPO, t, repo);
        }
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead]
                network: %s
                keep_stopped: 1
                services:
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    soak: 5m
                    health_timeout: 6s
                """.formatted(host, NETWORK, service, repo)).start();
    }

    @AfterEach
    void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(service, null);
    }

    @AfterAll
    static void removeNetwork() {
        DockerCli.removeService("echo" + SUFFIX, NETWORK);
    }

    /** Deploys each version to staging in turn, as ou_dev1, each live before the next. */
    void deployed(String... versions) {
        for (String version : versions) {
            bot.command("ou_dev1", "/deploy " + service + " " + version, "live in staging");
        }
    }

    @Test
    void deployResolvesTheTagOncePullsByDigestAndLabelsTheContainer() throws Exception {
        String reply = bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "live in staging");
        assertThat(reply).contains(service + " 1.0.0 (" + v1.substring(0, 19) + ")").contains("live in staging in");
        String running = runningContainer();
        assertThat(label(running, "larkops.digest")).isEqualTo(v1);
        assertThat(label(running, "larkops.version")).isEqualTo("1.0.0");
        assertThat(label(running, "larkops.env")).isEqualTo("staging");
        assertThat(label(running, "larkops.deployed-by")).isEqualTo("ou_dev1");
        assertThat(label(running, "larkops.release-id")).isEqualTo("1");
        assertThat(docker("inspect", "--format", "{{.Config.Image}}", running).strip())
                .isEqualTo(TestRegistry.get().host() + "/" + repo + "@" + v1);
        assertThat(servedVersion()).isEqualTo("1.0.0");
        assertThat(registryDigest("staging")).isEqualTo(v1);
        assertThat(sql("SELECT outcome FROM releases WHERE id=1")).isEqualTo("LIVE");
    }

    @Test
    void secondDeployCutsOverAndKeepsTheOldContainerStopped() throws Exception {
        deployed("1.0.0");
        bot.command("ou_dev2", "/deploy " + service + " 2.0.0", "live in staging");
        String running = runningContainer();
        assertThat(label(running, "larkops.digest")).isEqualTo(v2);
        assertThat(servedVersion()).isEqualTo("2.0.0");
        List<String> stopped = stoppedContainers();
        assertThat(stopped).hasSize(1);
        assertThat(label(stopped.get(0), "larkops.digest")).isEqualTo(v1);
        assertThat(sql("SELECT outcome FROM releases WHERE id=1")).isEqualTo("SUPERSEDED");
        assertThat(registryDigest("staging")).isEqualTo(v2);
    }

    @Test
    void aChangedDefinitionRedeploysTheSameDigestAndKeepsTheOldContainer() throws Exception {
        deployed("1.0.0");
        String before = runningContainer();
        assertThat(bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "nothing to do")).contains("already runs");

        java.nio.file.Path extra = java.nio.file.Files.createTempDirectory("larkops-extra");
        bot.stopBot();
        java.nio.file.Files.writeString(bot.configFile, java.nio.file.Files.readString(bot.configFile)
                + "    volumes: [\"" + extra + ":/extra:ro\", \"/var/run/docker.sock:/var/run/docker.sock:ro\"]\n"
                + "    group_add: [\"4321\"]\n");
        bot.start();
        String reply = bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "live in staging");
        assertThat(reply).contains(service + " 1.0.0");

        String after = runningContainer();
        assertThat(after).isNotEqualTo(before);
        assertThat(label(after, "larkops.digest")).isEqualTo(v1);
        assertThat(docker("inspect", "--format", "{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}", after))
                .contains(extra + ":/extra", "/var/run/docker.sock:/var/run/docker.sock");
        String socketGid = String.valueOf(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/var/run/docker.sock"), "unix:gid"));
        assertThat(docker("inspect", "--format", "{{json .HostConfig.GroupAdd}}", after)).contains("\"4321\"", "\"" + socketGid + "\"");
        assertThat(stoppedContainers()).containsExactly(before);
        assertThat(servedVersion()).isEqualTo("1.0.0");
        // the new definition is recorded: asking again changes nothing
        assertThat(bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "nothing to do")).contains("already runs");
    }

    @Test
    void digestAnswersWhichDigestRunsAndTheLastKnownGood() throws Exception {
        deployed("1.0.0");
        bot.command("ou_dev2", "/deploy " + service + " 2.0.0", "live in staging");
        bot.passSoak(service, "staging", SOAK);
        String reply = bot.command("ou_someone", "/digest " + service, "| staging |");
        String shortV2 = v2.substring(0, 19);
        assertThat(reply).contains("| " + service + " | staging | 2.0.0 | `" + shortV2 + "` |").contains("| <at id=ou_dev2></at> |")
                .contains("| 2.0.0 `" + shortV2 + "` |").contains("| prod | <font color='grey'>not running</font>").doesNotContain("DRIFT");
        assertThat(sql("SELECT known_good_ms IS NOT NULL FROM releases WHERE id=2")).isEqualTo("1");
    }

    @Test
    void brokenDeployIsRolledBackAutomaticallyAndRecordedAsFailed() throws Exception {
        deployed("2.0.0");
        String reply = bot.command("ou_dev1", "/deploy " + service + " 3.0.0", "failed in staging");
        assertThat(reply).contains("was rolled back").contains("still serving 2.0.0").contains("not healthy within 6s");
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v2);
        assertThat(servedVersion()).isEqualTo("2.0.0");
        assertThat(sql("SELECT outcome FROM releases WHERE digest='" + v3 + "'")).isEqualTo("FAILED");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.digest=" + v3).strip()).isEmpty();
        assertThat(registryDigest("staging")).isEqualTo(v2);
    }

    @Test
    void rollbackPutsBackTheLastKnownGoodByRestartingTheKeptContainer() throws Exception {
        deployed("1.0.0", "2.0.0");
        bot.passSoak(service, "staging", SOAK);
        // make 1.0.0 the other known-good: roll to it by name first, then back by default
        String kept = stoppedContainers().get(0);
        bot.command("ou_dev1", "/rollback " + service + " staging to 1.0.0", "live in staging");
        assertThat(runningContainer()).isEqualTo(kept);
        assertThat(servedVersion()).isEqualTo("1.0.0");
        bot.passSoak(service, "staging", SOAK);
        String reply = bot.command("ou_dev1", "/rollback " + service, "live in staging");
        assertThat(reply).contains("2.0.0");
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v2);
        assertThat(servedVersion()).isEqualTo("2.0.0");
        assertThat(sql("SELECT kind FROM releases ORDER BY id DESC LIMIT 1")).isEqualTo("ROLLBACK");
    }

    @Test
    void aSecondDeployWhileOneRunsIsRefusedWithTheHolder() throws Exception {
        deployed("2.0.0");
        try (Database db = Database.open(bot.dataDir); DbLocks locks = new DbLocks(db, Clock.systemUTC())) {
            assertThat(locks.tryAcquire(service + "/staging", "ou_dev2")).isEmpty();
            String reply = bot.command("ou_dev1", "/deploy " + service + " 1.0.0", "being changed");
            assertThat(reply).contains("being changed by <at id=ou_dev2></at>");
            locks.release(service + "/staging");
        }
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v2);
    }

    @Test
    void aFreezeForADurationRefusesDeploysUntilItsEndOnTheBotsClock() throws Exception {
        deployed("1.0.0");
        assertThat(bot.command("ou_lead", "/freeze " + service + " staging for 10m db migration", "frozen:")).contains("until");
        assertThat(bot.command("ou_dev1", "/deploy " + service + " 2.0.0", "is frozen")).contains("db migration");
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v1);
        bot.advance(Duration.ofMinutes(10).plusSeconds(1));
        bot.command("ou_dev1", "/deploy " + service + " 2.0.0", "live in staging");
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v2);
    }

    @Test
    void historyListsEveryReleaseNewestFirst() throws Exception {
        deployed("1.0.0", "2.0.0");
        bot.command("ou_dev1", "/deploy " + service + " 3.0.0", "failed in staging");
        bot.command("ou_dev1", "/rollback " + service + " staging to 1.0.0", "live in staging");
        bot.command("ou_dev1", "/rollback " + service + " staging to 2.0.0", "live in staging");
        String reply = bot.command("ou_someone", "/history " + service + " 10", "release(s)");
        assertThat(reply.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| #")).findFirst().orElse("")).contains("| rollback | 2.0.0 |");
        assertThat(reply).contains("| deploy | 3.0.0 |").contains("failed").contains("| deploy | 1.0.0 |");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        deployed("2.0.0");
        String before = runningContainer();
        assertThat(bot.command("ou_dev1", "/deploy " + service + " \"x;rm -rf /\"", "neither a version")).contains("usage:");
        assertThat(bot.command("ou_dev1", "/deploy " + service + " x;rm -rf /", "too many arguments")).contains("usage:");
        assertThat(bot.command("ou_dev1", "/deploy nosuch 1.0.0", "unknown service")).contains(service);
        assertThat(bot.command("ou_dev1", "/deploy " + service + " 9.9.9", "not in registry")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/deploy " + service + " latest prod", "never a floating tag")).isNotBlank();
        assertThat(bot.command("ou_nobody", "/deploy " + service + " 1.0.0", "needs the deployer role")).isNotBlank();
        assertThat(runningContainer()).isEqualTo(before);
    }

    @Test
    void aCommandAcknowledgedButNeverRunOrFinishedIsReportedToItsChatAtTheNextStart() throws Exception {
        deployed("2.0.0");
        // while a command runs it is in the journal (started); once answered it is gone
        String messageId = bot.send("ou_dev1", "/deploy " + service + " 3.0.0");
        awaitSql("SELECT started FROM accepted_commands WHERE message_id='" + messageId + "'", "1");
        bot.lark.awaitReply(messageId, t -> t.contains("failed in staging"), Duration.ofSeconds(60));
        awaitSql("SELECT count(*) FROM accepted_commands", "0");

        // what a crash leaves: one command acknowledged but still queued, one cut off while it ran
        bot.stopBot();
        Sqlite.update(bot.dataDir, "INSERT INTO accepted_commands(event_id, chat, message_id, user_id, text, accepted_ms, started) VALUES ('ev_q', 'oc_ops', 'om_queued_" + SUFFIX + "', 'ou_dev1', "
                + "'/rollback " + service + "', 1764300000000, 0), ('ev_r', 'oc_ops', 'om_running_" + SUFFIX + "', 'ou_dev2', "
                + "'/deploy " + service + " 1.0.0', 1764300001000, 1)");
        bot.start();
        String queued = bot.lark.awaitReply("om_queued_" + SUFFIX, t -> t.contains("was not run"), Duration.ofSeconds(20)).text();
        assertThat(queued).isEqualTo("your command '/rollback " + service + "' from 2025-11-28 03:20:00 UTC was not run because the "
                + "bot stopped; run it again");
        assertThat(bot.lark.awaitReply("om_running_" + SUFFIX, t -> t.contains("was interrupted"), Duration.ofSeconds(20)).text())
                .contains("'/deploy " + service + " 1.0.0'").contains("check /digest and /history");
        assertThat(sql("SELECT count(*) FROM accepted_commands")).isEqualTo("0");
    }

    @Test
    void stoppedContainersBeyondKeepStoppedAreRemovedKeepingTheOneThatServedLast() throws Exception {
        deployed("1.0.0", "2.0.0");
        String serving = runningContainer();
        assertThat(label(serving, "larkops.digest")).isEqualTo(v2);
        assertThat(stoppedContainers()).hasSize(1); // 1.0.0's, stopped when 2.0.0 was deployed
        String v4 = TestImages.push(TestRegistry.get().host(), repo, "4.0.0", "4.0.0", TestImages.Kind.HEALTHY);

        bot.command("ou_dev1", "/deploy " + service + " 4.0.0", "live in staging");

        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v4);
        // keep_stopped 1: of 2.0.0's (just retired) and 1.0.0's, only the one that served last stays
        assertThat(stoppedContainers()).containsExactly(serving);
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.digest=" + v1).strip()).isEmpty();
    }

    void awaitSql(String query, String expected) throws Exception {
        Sqlite.await(bot.dataDir, query, expected, Duration.ofSeconds(30));
    }

    // --- helpers ---


    String runningContainer() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }

    List<String> stoppedContainers() {
        String out = docker("ps", "-a", "--format", "{{.Names}}", "--filter", "status=exited",
                "--filter", "label=larkops.service=" + service).strip();
        return out.isEmpty() ? List.of() : new ArrayList<>(out.lines().toList());
    }


    /** What the service alias answers on the network, from a client container. */
    String servedVersion() {
        String image = TestRegistry.get().host() + "/" + BASE_REPO + "@" + v1;
        docker("pull", "-q", image); // so that the run's output is the answer alone
        return docker("run", "--rm", "--network", NETWORK, "--entrypoint", "/bin/busybox", image,
                "wget", "-qO-", "http://" + service + "-staging:8080/version").strip();
    }

    String registryDigest(String tag) {
        return RegistryProbe.of(TestRegistry.get()).requireDigest(repo, tag);
    }

    String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }

}
