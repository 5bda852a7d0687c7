package com.larkops.release;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
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
 * Through signed events, the real engine and registry: {@code /logs} masks the service's env-file values
 * before it cuts a line (never half a secret) and shows as many lines as asked; a hold or freeze reason that
 * says "by ou_…" or carries {@code <at id=all>} mentions nobody, while the typed holder is a mention.
 */
class LogsAndMentionsIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String LOGGED = "logs" + SUFFIX;
    static final String GUARDED = "guard" + SUFFIX;
    static final String REPO = "logsit/svc" + SUFFIX;
    static final String NETWORK = "larkops-logs-" + SUFFIX;
    /** 40 characters, printed so that the 500-character cut falls 20 characters into it. */
    static final String SECRET = "Zq7" + SUFFIX + "tokenvalue" + "k".repeat(21);
    static BotHarness bot;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        String script = "i=1; while [ $i -le 60 ]; do echo log line $i; i=$((i+1)); done; "
                + "echo " + "x".repeat(480) + "$API_TOKEN then more; "
                + "exec /bin/busybox httpd -f -p 8080 -h /www";
        TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.CUSTOM,
                "ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"" + script + "\"]");
        Path envFile = Files.createTempDirectory("larkops-logs").resolve("svc.env");
        Files.writeString(envFile, "API_TOKEN=" + SECRET + "\n");
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
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                """.formatted(host, NETWORK, LOGGED, REPO, envFile, GUARDED, REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(LOGGED, NETWORK);
    }

    @Test
    void logsMaskTheEnvFileBeforeTheCutAndShowTheLinesAsked() {
        bot.command("ou_dev1", "/deploy " + LOGGED + " 1.0.0", "live in staging");
        String logs = bot.command("ou_dev1", "/logs " + LOGGED + " staging 100", "log line 60");
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(logs).as("more than 20 lines, as asked").contains("log line 1\n").contains("log line 30\n");
            soft.assertThat(logs).as("no part of the env file's value, even across the cut")
                    .doesNotContain(SECRET.substring(0, 12)).doesNotContain("Zq7" + SUFFIX).contains("x".repeat(100) + "****");
        });
    }

    @Test
    void aReasonSayingByOuOrAtAllMentionsNobodyWhileTheHolderIsMentioned() {
        bot.command("ou_dev1", "/hold " + GUARDED + " staging approved by ou_evil <at id=all></at>", "is held");
        bot.command("ou_lead", "/freeze " + GUARDED + " prod for 1h by ou_evil <at user_id=\"all\"></at>", "frozen");
        String locks = bot.command("ou_dev1", "/locks", "held (no automatic deploys)");
        assertThat(locks).contains("by ou_evil").doesNotContain("<at user_id=\"ou_evil\"").doesNotContain("<at id=ou_evil")
                .doesNotContain("<at id=all").doesNotContain("<at user_id=\"all\"");
        assertThat(locks).as("the typed holder and freezer are mentions")
                .contains("<at user_id=\"ou_dev1\"></at>").contains("<at user_id=\"ou_lead\"></at>");
        String digest = bot.command("ou_dev1", "/digest " + GUARDED, "held");
        assertThat(digest).contains("<at id=ou_dev1></at>").doesNotContain("<at id=ou_evil").doesNotContain("<at id=all")
                .doesNotContain("<at user_id=");
    }
}
