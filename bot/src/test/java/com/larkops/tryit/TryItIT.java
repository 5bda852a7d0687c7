package com.larkops.tryit;

import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The try-it mode as a newcomer uses it: typed lines in, terminal text out, with the real bot, the real
 * engine and a real registry; only Lark's cloud is the in-process {@link LocalLark}.
 */
class TryItIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "try" + SUFFIX;
    static final String REPO = "tryit/echo" + SUFFIX;
    static final String NETWORK = "larkops-try-" + SUFFIX;
    static String v1;
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        work = Files.createTempDirectory("larkops-try");
        Files.writeString(work.resolve("larkops.yaml"), """
                registry: %s
                chats: [oc_tryit]
                roles:
                  deployers: [ou_you]
                  approvers: [ou_lead]
                network: %s
                services:
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    soak: 1s
                    health_timeout: 20s
                """.formatted(host, NETWORK, SERVICE, REPO));
    }

    @AfterAll
    static void tearDown() {
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void aTypedDeployIsAnsweredInTheTerminalAndTheContainerRuns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("LARKOPS_DATA_DIR", work.resolve("data").toString());
        try (TrySession session = TrySession.start(env, work.resolve("larkops.yaml"), null, out)) {
            assertThat(text(bytes)).contains("you are ou_you in chat oc_tryit");
            assertThat(session.type("/deploy " + SERVICE + " 1.0.0")).isTrue();
            String shown = await(bytes, "live in staging", Duration.ofMinutes(2));
            assertThat(shown).contains("larkops ▸ ").contains(SERVICE + " 1.0.0");
            String running = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                    "--filter", "label=larkops.env=staging", "--filter", "status=running").strip();
            assertThat(running).isNotEmpty();
            assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}} {{index .Config.Labels \"larkops.deployed-by\"}}",
                    running).strip()).isEqualTo(v1 + " ou_you");

            session.type(":as ou_stranger");
            session.type("/deploy " + SERVICE + " 1.0.0");
            await(bytes, "needs the deployer role", Duration.ofSeconds(60));
            // the finished deploy card offers its next actions as numbered buttons; History is the third
            assertThat(shown).contains("[1] Promote to prod").contains("[3] History").contains(":click 3");
            session.type(":click 3");
            await(bytes, "chart: release duration", Duration.ofSeconds(60));
            session.type("/digest " + SERVICE);
            String digest = await(bytes, SERVICE + " │ staging │ 1.0.0", Duration.ofSeconds(60));
            assertThat(digest).contains(v1.substring(0, 19)).contains("@ou_you");
            assertThat(session.type(":quit")).isFalse();
        }
    }

    private static String await(ByteArrayOutputStream bytes, String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (text(bytes).contains(expected)) {
                return text(bytes);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed '" + expected + "'; it shows:\n" + text(bytes));
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

}
