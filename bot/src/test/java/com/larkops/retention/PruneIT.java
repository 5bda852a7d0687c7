package com.larkops.retention;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.Sqlite;
import com.larkops.testing.Poll;
import com.larkops.testing.TestConfig;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * /prune through signed Lark events against the real engine and registry: three releases deployed (each
 * known-good), two more versions pushed, then keep_stopped lowered to 1 and a policy that keeps only what the
 * hard protections and "newest 1" demand. The dry run names exactly v1 and v4; --apply deletes them from the
 * registry, removes the surplus stopped container and v1's local image, and leaves the running service alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PruneIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "prune" + SUFFIX;
    static final String REPO = "pruneit/echo" + SUFFIX;
    static final String NETWORK = "larkops-prune-" + SUFFIX;
    static final String[] V = new String[6];
    static BotHarness bot;
    static int messages;
    static String runningBefore;

    static String config(int keepStopped) {
        return TestConfig.on(NETWORK).approvers("ou_lead").set("keep_stopped", String.valueOf(keepStopped))
                .service(SERVICE, REPO, "soak", "1s", "health_timeout", "20s",
                        "retention", "{keep_versions: 1, keep_days: 0, keep_known_good: 1, untagged_days: 0}")
                .build();
    }

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        for (int i = 1; i <= 5; i++) {
            // a label of our own: identical builds would share digests with other tests' containers, which protect them
            V[i] = TestImages.push(host, REPO, i + ".0.0", i + ".0.0", TestImages.Kind.HEALTHY, "LABEL test.larkops=" + SUFFIX);
            TestImages.run(null, "docker", "rmi", "-f", host + "/" + REPO + ":" + i + ".0.0");
        }
        bot = new BotHarness(config(3)).start();
        for (int i = 1; i <= 3; i++) {
            command("ou_dev1", "/deploy " + SERVICE + " " + i + ".0.0", "live in staging");
            String release = String.valueOf(i);
            Poll.until("release " + i + " known-good after its 1 s soak", Duration.ofSeconds(20),
                    () -> knownGood(release));
        }
        // the operator lowers keep_stopped: the next prune removes the surplus stopped container
        bot.stopBot();
        Files.writeString(bot.configFile, config(1));
        bot.start();
        runningBefore = docker("ps", "-q", "--no-trunc", "--filter", "label=larkops.service=" + SERVICE).strip();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String id : docker("ps", "-aq", "--filter", "label=larkops.service=" + SERVICE).split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        for (int i = 1; i <= 5; i++) {
            try {
                docker("rmi", "-f", TestRegistry.get().host() + "/" + REPO + "@" + V[i]);
            } catch (RuntimeException e) {
                // not present here
            }
        }
        try {
            docker("network", "rm", NETWORK);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    @Test
    @Order(1)
    void dryRunNeedsTheDeployerRoleAndApplyTheApprover() {
        assertThat(command("ou_nobody", "/prune " + SERVICE, "needs the deployer role")).isNotBlank();
        assertThat(command("ou_dev1", "/prune " + SERVICE + " --apply", "needs the approver role")).isNotBlank();
        assertThat(command("ou_dev1", "/prune nosuch", "unknown service")).contains("usage:");
    }

    @Test
    @Order(2)
    void dryRunShowsWhatWouldGoAndWhyTheRestStaysAndChangesNothing() throws Exception {
        String reply = command("ou_dev1", "/prune " + SERVICE, "prune plan");
        assertThat(reply).contains("delete 2 manifest(s)").contains("remove 1 stopped container(s), 1 image(s)");
        assertThat(line(reply, V[1])).startsWith("delete 1.0.0");
        assertThat(line(reply, V[4])).startsWith("delete 4.0.0");
        assertThat(line(reply, V[3])).startsWith("keep").contains("runs in").contains("staging tag").contains("known-good #1");
        assertThat(line(reply, V[2])).startsWith("keep").contains("held by stopped container");
        assertThat(line(reply, V[5])).startsWith("keep").contains("among the newest 1");
        assertThat(reply).contains("remove container " + SERVICE + "-staging-r1");
        for (int i = 1; i <= 5; i++) {
            assertThat(manifestExists(V[i])).as("dry run deletes nothing: v%d", i).isTrue();
        }
        assertThat(sql("SELECT COUNT(*) FROM prune_plans WHERE scope='" + SERVICE + "' AND applied_ms IS NULL")).isEqualTo("1");
    }

    @Test
    @Order(3)
    void applyDeletesExactlyThePlanAndLeavesProtectedDigestsPullable() throws Exception {
        String reply = command("ou_lead", "/prune " + SERVICE + " --apply", "prune applied");
        assertThat(reply).contains("deleted 2 manifest(s)").contains("removed 2 from the host").doesNotContain("no dry run")
                .contains("deleted " + REPO + "@" + V[1]).contains("deleted " + REPO + "@" + V[4]);
        assertThat(manifestExists(V[1])).isFalse();
        assertThat(manifestExists(V[4])).isFalse();
        for (int i : new int[] {2, 3, 5}) {
            // every blob served and matching its digest, not just the manifest
            assertThat(RegistryProbe.of(TestRegistry.get()).pullAll(REPO, V[i])).isGreaterThanOrEqualTo(3);
        }
        assertThatThrownBy(() -> docker("image", "inspect", TestRegistry.get().host() + "/" + REPO + "@" + V[1]))
                .as("v1's local image is removed").isInstanceOf(IllegalStateException.class);
        assertThat(docker("ps", "-a", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE).lines().sorted().toList())
                .containsExactly(SERVICE + "-staging-r2", SERVICE + "-staging-r3");
        assertThat(docker("ps", "-q", "--no-trunc", "--filter", "label=larkops.service=" + SERVICE).strip()).isEqualTo(runningBefore);
        assertThat(docker("inspect", "--format", "{{.State.Running}}", runningBefore).strip()).isEqualTo("true");
        assertThat(Integer.parseInt(sql("SELECT COUNT(*) FROM audit WHERE command LIKE 'prune: delete %' AND outcome='ok'"))).isEqualTo(2);
    }

    @Test
    @Order(4)
    void aSecondApplyWithoutDryRunPlansAfreshAndFindsNothingMore() {
        String reply = command("ou_lead", "/prune " + SERVICE + " --apply", "prune applied");
        assertThat(reply).contains("no dry run for this scope").contains("deleted 0 manifest(s)");
        assertThat(manifestExists(V[2])).isTrue();
        assertThat(manifestExists(V[3])).isTrue();
    }

    // --- helpers ---

    static String line(String reply, String digest) {
        return reply.lines().map(String::strip).filter(l -> l.contains(digest) && (l.startsWith("delete") || l.startsWith("keep")))
                .findFirst().orElseThrow(() -> new AssertionError(digest + " not in:\n" + reply));
    }

    static boolean manifestExists(String digest) {
        return RegistryProbe.of(TestRegistry.get()).manifestExists(REPO, digest);
    }

    static String command(String user, String text, String expect) {
        String messageId = "om_" + (++messages) + "_" + SUFFIX;
        assertThat(bot.say("oc_ops", user, messageId, text).statusCode()).isEqualTo(200);
        return bot.lark.awaitReply(messageId, t -> t.contains(expect), Duration.ofSeconds(90)).text();
    }

    static boolean knownGood(String releaseId) {
        try {
            return sql("SELECT known_good_ms IS NOT NULL FROM releases WHERE id=" + releaseId).equals("1");
        } catch (Exception e) {
            return false;
        }
    }

    static String sql(String query) throws Exception {
        return Sqlite.query(bot.dataDir, query);
    }


}
