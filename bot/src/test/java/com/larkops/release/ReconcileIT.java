package com.larkops.release;

import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestConfig;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the real bot process in the middle of a deploy, then a restart on the same data dir:
 * exactly one container serves, the interrupted release is marked failed, and the chat is told.
 */
class ReconcileIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "crash" + SUFFIX;
    static final String REPO = "reconcileit/crash" + SUFFIX;
    static final String NETWORK = "larkops-rc-" + SUFFIX;

    BotHarness harness;
    Process bot;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() {
        if (bot != null) {
            bot.destroyForcibly();
        }
        if (harness != null) {
            harness.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void killedMidDeployIsSettledOnRestart() throws Exception {
        String host = TestRegistry.get().host();
        String v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.BROKEN);
        harness = new BotHarness(TestConfig.on(NETWORK).service(SERVICE, REPO, "soak", "1s", "health_timeout", "120s").build());
        int port = freePort();
        bot = startJar(port);

        post(port, "om_1", "/deploy " + SERVICE + " 1.0.0");
        harness.lark.awaitReply("om_1", t -> t.contains("live in staging"), Duration.ofSeconds(60));

        post(port, "om_2", "/deploy " + SERVICE + " 2.0.0");
        String r2 = SERVICE + "-staging-r2";
        waitFor(() -> docker("ps", "--format", "{{.Names}}", "--filter", "name=" + r2).contains(r2), "r2 running");
        bot.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(sql("SELECT outcome FROM releases WHERE id=2")).isEqualTo("IN_PROGRESS");

        bot = startJar(port);
        harness.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains("interrupted"),
                Duration.ofSeconds(30), "the interruption notice in the chat");
        assertThat(harness.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages")).findFirst().orElseThrow()
                .body().path("receive_id").asText()).isEqualTo("oc_ops");

        String running = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE).strip();
        assertThat(running).isEqualTo(SERVICE + "-staging-r1");
        assertThat(docker("ps", "-aq", "--filter", "name=" + r2).strip()).isEmpty();
        assertThat(sql("SELECT outcome FROM releases WHERE id=2")).isEqualTo("FAILED");
        assertThat(sql("SELECT outcome FROM releases WHERE id=1")).isEqualTo("LIVE");
        assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", running).strip()).isEqualTo(v1);
        // the interrupted change's own card reaches its final state
        harness.lark.awaitReply("om_2", t -> t.contains("failed") && t.contains(v1.substring(7, 19)), Duration.ofSeconds(30));

        // and the lock the killed process held does not block the next deploy
        post(port, "om_3", "/deploy " + SERVICE + " 1.0.0");
        harness.lark.awaitReply("om_3", t -> t.contains("already runs"), Duration.ofSeconds(30));
        // the restarted bot told its unfinished commands before it served om_3: om_2's card is its one reply
        assertThat(harness.lark.repliesTo("om_2")).as("replies to the interrupted command").hasSize(1);
    }

    /**
     * The bot dies after its new container passed the health gate while nothing else serves any more (a self-deploy:
     * the old bot's container dies with it). The restarted bot completes the change as the executor would have:
     * the route, the env tag on the new digest, the original card PATCHed to live with it, the hold on what serves.
     */
    @Test
    void killedAfterTheNewContainerIsHealthyIsCompletedCardTagAndHoldIncluded() throws Exception {
        String host = TestRegistry.get().host();
        String v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        String v2 = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.GATED);
        harness = new BotHarness(TestConfig.on(NETWORK).service(SERVICE, REPO, "soak", "1s", "health_timeout", "120s").build());
        int port = freePort();
        bot = startJar(port);
        post(port, "om_1", "/deploy " + SERVICE + " 1.0.0");
        harness.lark.awaitReply("om_1", t -> t.contains("live in staging"), Duration.ofSeconds(60));
        post(port, "om_h", "/hold " + SERVICE + " staging while we test");
        harness.lark.awaitReply("om_h", t -> t.contains("is held"), Duration.ofSeconds(30));
        assertThat(sql("SELECT digest FROM holds")).isEqualTo(v1);

        post(port, "om_2", "/deploy " + SERVICE + " 2.0.0");
        String r1 = SERVICE + "-staging-r1";
        String r2 = SERVICE + "-staging-r2";
        waitFor(() -> docker("ps", "--format", "{{.Names}}", "--filter", "name=" + r2).contains(r2), "r2 running");
        waitFor(() -> {
            try {
                return !sql("SELECT detail FROM audit WHERE command='release 2 card' AND outcome='posted'").isBlank();
            } catch (Exception e) {
                return false;
            }
        }, "the card of release 2 noted");
        bot.destroyForcibly().waitFor(); // SIGKILL mid health gate
        docker("stop", r1); // what served before is gone too, as the old bot's own container is in a self-deploy
        TestImages.openGate(r2);

        bot = startJar(port);
        harness.lark.awaitReply("om_2", t -> t.contains("live") && t.contains(v2.substring(7, 19)), Duration.ofSeconds(60));
        assertThat(sql("SELECT outcome FROM releases WHERE id=2")).isEqualTo("LIVE");
        assertThat(RegistryProbe.of(TestRegistry.get()).requireDigest(REPO, "staging")).isEqualTo(v2);
        assertThat(sql("SELECT digest FROM holds")).isEqualTo(v2);
        assertThat(docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE).strip()).isEqualTo(r2);
    }

    Process startJar(int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "larkops-bot.jar").toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.putAll(harness.env());
        env.put("LARKOPS_PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/reconcile-it-bot.log")));
        Process p = pb.start();
        waitFor(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "bot up on " + port);
        return p;
    }

    void post(int port, String messageId, String text) {
        var d = harness.events.deliver(harness.events.message("ev_" + UUID.randomUUID(), messageId, "oc_ops", "ou_dev1", text));
        assertThat(LarkEventFactory.post(http, port, d).statusCode()).isEqualTo(200);
    }

    String sql(String query) throws Exception {
        return Sqlite.query(harness.dataDir, query);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        com.larkops.testing.Poll.until(what, Duration.ofSeconds(60), condition);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
