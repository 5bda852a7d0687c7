package com.larkops.release;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets and untrusted text on the way to chat, through signed events against the real engine and
 * registry: a rollback that restarts a kept container (no create step) still has its env-file values
 * scrubbed from the log tail; container output cannot inject Lark markup; a broken env file fails the
 * release cleanly naming only file and line; an image that sets larkops.* labels itself is refused.
 */
class SecretsIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "sec" + SUFFIX;
    static final String BROKEN_ENV = "bad" + SUFFIX;
    static final String REPO = "secretsit/svc" + SUFFIX;
    static final String NETWORK = "larkops-sec-" + SUFFIX;
    static final String SECRET = "hunter2-" + SUFFIX + "-pass";
    static final String PASTED = "sk_live_" + SUFFIX + "pasted";
    static Path envFile;
    static Path badEnvFile;
    static BotHarness bot;
    static String labelled;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        // healthy on its first start, crashes on every later one (its own file system remembers), printing
        // the env value with no KEY= around it, plus markup an attacker would like to see rendered
        String script = "echo connecting with $DB_PASSWORD and pin $PIN; "
                + "echo '<at user_id=\\\"all\\\">all</at> **approved** [click](https://evil.example)'; "
                + "if /bin/busybox test -f /started; then echo second start fails; exit 3; fi; "
                + "/bin/busybox touch /started; exec /bin/busybox httpd -f -p 8080 -h /www";
        TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.CUSTOM,
                "ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"" + script + "\"]");
        TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        labelled = TestImages.push(host, REPO, "3.0.0", "3.0.0", TestImages.Kind.HEALTHY, "LABEL larkops.canary=\"true\"");
        Path dir = Files.createTempDirectory("larkops-secrets");
        envFile = dir.resolve("svc.env");
        Files.writeString(envFile, "DB_PASSWORD=" + SECRET + "\nPIN=q7\n");
        badEnvFile = dir.resolve("bad.env");
        Files.writeString(badEnvFile, "GOOD=1\n" + PASTED + " oops=x\n");
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
                    env_file: %s
                    soak: 1s
                    health_timeout: 8s
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    env_file: %s
                """.formatted(host, NETWORK, SERVICE, REPO, envFile, BROKEN_ENV, REPO, badEnvFile)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
        DockerCli.removeService(BROKEN_ENV, NETWORK);
    }

    @Test
    void aRollbackThatRestartsAKeptContainerStillScrubsTheEnvFileFromTheLogTail() throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        bot.command("ou_dev1", "/deploy " + SERVICE + " 2.0.0", "live in staging");
        // the live card shows a failed step before its final state: wait for the final one (it carries the log tail)
        String reply = bot.command("ou_dev1", "/rollback " + SERVICE + " staging to 1.0.0", "Last log lines");
        assertThat(reply).contains("failed").contains("second start fails")
                .contains("connecting with **** and pin ****")
                .doesNotContain(SECRET, "q7");
        // container output is not Lark markup: no tag survives, and the rest sits inside a code fence, where
        // markdown is not rendered
        assertThat(reply).as("no mention can be opened by container output").doesNotContain("<at user_id").contains("‹at user_id");
        String logs = reply.substring(reply.indexOf("**Last log lines** (redacted)"));
        int fenceEnd = logs.indexOf("```", logs.indexOf("```") + 3);
        assertThat(fenceEnd).isPositive();
        assertThat(logs.substring(fenceEnd + 3)).doesNotContain("**approved**", "[click](", "https://");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM audit WHERE detail LIKE '%" + SECRET + "%'")).isEqualTo("0");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE detail LIKE '%" + SECRET + "%'")).isEqualTo("0");
    }

    @Test
    void aBrokenEnvFileFailsTheReleaseCleanlyNamingFileAndLineOnly() throws Exception {
        String reply = bot.command("ou_dev1", "/deploy " + BROKEN_ENV + " 2.0.0", "line 2");
        assertThat(reply).contains(badEnvFile.toString()).contains("line 2").doesNotContain(PASTED, "oops");
        assertThat(Sqlite.query(bot.dataDir, "SELECT outcome FROM releases WHERE service='" + BROKEN_ENV + "' ORDER BY id DESC LIMIT 1"))
                .isEqualTo("FAILED");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE outcome='IN_PROGRESS'")).isEqualTo("0");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM audit WHERE detail LIKE '%" + PASTED + "%'")).isEqualTo("0");
    }

    @Test
    void anImageThatSetsLarkopsLabelsItselfIsRefused() throws Exception {
        String reply = bot.command("ou_dev1", "/deploy " + SERVICE + " 3.0.0", "larkops.canary");
        assertThat(reply).contains("sets larkops.canary itself").contains("remove");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE digest='" + labelled + "'")).isEqualTo("0");
    }

    @Test
    void anUnknownVersionIsOneLineAndNoStackTrace() {
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            String reply = bot.command("ou_dev1", "/deploy " + SERVICE + " 9.9.9", "9.9.9");
            assertThat(reply).contains("not in registry").doesNotContain("Exception", "\tat ");
            // the reply is sent after the router logged the outcome: every log line of this command is in by now
            assertThat(logs.list).as("a user error is no stack trace in the log")
                    .noneMatch(e -> e.getThrowableProxy() != null);
        } finally {
            root.detachAppender(logs);
        }
    }

}
