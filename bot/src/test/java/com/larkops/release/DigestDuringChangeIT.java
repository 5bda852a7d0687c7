package com.larkops.release;

import com.larkops.app.InProcessRouter;
import com.larkops.runtime.SwarmRuntime;
import com.larkops.runtime.SwarmTask;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Poll;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "/digest answers what serves now": asked at each step of a deploy, a failed deploy, a rollback (Docker,
 * through signed Lark events, the card chat shows) and a Swarm update (the shell's text and card). A change
 * is caught in its middle by images whose health gate waits for a file the test writes, after the engine and
 * the store show the change running; each answer names what serves, the change beside it, and no DRIFT.
 */
class DigestDuringChangeIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String REPO = "digestit/echo" + SUFFIX;
    static final String NETWORK = "larkops-it-" + SUFFIX;
    static final String DEPLOY = "dep" + SUFFIX;
    static final String FAILED = "bad" + SUFFIX;
    static final String ROLLBACK = "rb" + SUFFIX;
    static String v1Gated;
    static String v2;
    static String v3Gated;
    static String v4Broken;
    static BotHarness bot;
    /** Containers whose gate a test waits on: opened after each test, so a failed one leaves no change hanging for the next. */
    static final List<String> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v1Gated = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.GATED);
        v2 = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        v3Gated = TestImages.push(host, REPO, "3.0.0", "3.0.0", TestImages.Kind.GATED);
        v4Broken = TestImages.push(host, REPO, "4.0.0", "4.0.0", TestImages.Kind.BROKEN);
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
                    health_timeout: 120s
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    health_timeout: 30s
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    health_timeout: 120s
                """.formatted(host, NETWORK, DEPLOY, REPO, FAILED, REPO, ROLLBACK, REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(DEPLOY, null);
        DockerCli.removeService(FAILED, null);
        DockerCli.removeService(ROLLBACK, NETWORK);
    }

    @AfterEach
    void openGatesLeftWaiting() {
        for (String container : waiting) {
            try {
                TestImages.openGate(container);
            } catch (RuntimeException e) {
                // already gone: its change ended
            }
        }
        waiting.clear();
    }

    @Test
    void aDeployIsShownBesideWhatServesUntilItIsLive() throws Exception {
        deployLive(DEPLOY, "2.0.0");
        String before = digest(DEPLOY);
        assertServes(before, DEPLOY, "2.0.0", v2);
        assertThat(before).doesNotContain("in progress").doesNotContain("DRIFT");

        String request = bot.send("ou_dev1", "/deploy " + DEPLOY + " 3.0.0");
        String gated = awaitGateWaiting(DEPLOY, v3Gated);
        String during = digest(DEPLOY);
        assertServes(during, DEPLOY, "2.0.0", v2);
        assertThat(during).doesNotContain("| 3.0.0 |").doesNotContain("DRIFT");
        assertThat(changeLine(during)).contains(DEPLOY + " staging: deploy 3.0.0 `" + shortOf(v3Gated) + "` by <at id=ou_dev1></at>")
                .contains("step: health gate: waiting until " + gated + " is healthy").contains("last step done: start " + gated);
        // the shell's text answer says the same
        try (InProcessRouter shell = new InProcessRouter(bot.env())) {
            String text = shell.route("tester", "/digest " + DEPLOY).text();
            assertThat(text.lines().filter(l -> l.startsWith(DEPLOY + " staging: ")).findFirst().orElseThrow())
                    .startsWith(DEPLOY + " staging: 2.0.0 " + v2 + " since ");
            assertThat(text).contains("in progress: deploy 3.0.0 (" + shortOf(v3Gated) + ") by ou_dev1 — step: health gate: waiting until "
                    + gated + " is healthy").doesNotContain("DRIFT");
        }

        TestImages.openGate(gated);
        bot.lark.awaitReply(request, t -> t.contains("live in staging"), Duration.ofSeconds(90));
        String after = digest(DEPLOY);
        assertServes(after, DEPLOY, "3.0.0", v3Gated);
        assertThat(after).doesNotContain("in progress").doesNotContain("DRIFT");
    }

    @Test
    void aFailedDeployNeverShowsAsServingAndLeavesNoDrift() throws Exception {
        deployLive(FAILED, "2.0.0");
        String request = bot.send("ou_dev1", "/deploy " + FAILED + " 4.0.0");
        String broken = awaitGateWaiting(FAILED, v4Broken);
        String during = digest(FAILED);
        assertServes(during, FAILED, "2.0.0", v2);
        assertThat(during).doesNotContain("| 4.0.0 |").doesNotContain("DRIFT");
        assertThat(changeLine(during)).contains(FAILED + " staging: deploy 4.0.0 `" + shortOf(v4Broken) + "`")
                .contains("step: health gate: waiting until " + broken + " is healthy");

        bot.lark.awaitReply(request, t -> t.contains("failed in staging"), Duration.ofSeconds(90));
        String after = digest(FAILED);
        assertServes(after, FAILED, "2.0.0", v2);
        assertThat(after).doesNotContain("in progress").doesNotContain("DRIFT").doesNotContain(shortOf(v4Broken));
    }

    @Test
    void aRollbackIsShownBesideWhatServesUntilItIsLive() throws Exception {
        String first = bot.send("ou_dev1", "/deploy " + ROLLBACK + " 1.0.0");
        TestImages.openGate(awaitGateWaiting(ROLLBACK, v1Gated));
        bot.lark.awaitReply(first, t -> t.contains("live in staging"), Duration.ofSeconds(90));
        deployLive(ROLLBACK, "2.0.0");

        String request = bot.send("ou_dev1", "/rollback " + ROLLBACK + " staging to 1.0.0");
        String kept = awaitGateWaiting(ROLLBACK, v1Gated);
        String during = digest(ROLLBACK);
        assertServes(during, ROLLBACK, "2.0.0", v2);
        assertThat(during).doesNotContain("DRIFT");
        assertThat(changeLine(during)).contains(ROLLBACK + " staging: rollback 1.0.0 `" + shortOf(v1Gated) + "`")
                .contains("step: health gate: waiting until " + kept + " is healthy");

        TestImages.openGate(kept);
        bot.lark.awaitReply(request, t -> t.contains("live in staging"), Duration.ofSeconds(90));
        String after = digest(ROLLBACK);
        assertServes(after, ROLLBACK, "1.0.0", v1Gated);
        assertThat(after).doesNotContain("in progress").doesNotContain("DRIFT");
    }

    /**
     * Swarm, 2 replicas, one task at a time: the new image's first task opens at once (it claims a marker in a
     * shared directory), the second waits for the test; in between one task runs each digest. Then a rollback
     * held while its first task cannot become healthy.
     */
    @Test
    void aSwarmUpdateShowsBothDigestsWithTheirTasksAndNoDrift() throws Exception {
        TestSwarm swarm = TestSwarm.get();
        TestRegistry registry = TestRegistry.get();
        String repo = "digestit/web-" + SUFFIX;
        String service = "web" + SUFFIX;
        String name = service + "-staging";
        // 1.0.0 is healthy while /gate/allow-1 exists: the test takes it away to hold a rollback in its middle
        String s1 = TestImages.push(registry.host(), repo, "1.0.0", "1.0.0", TestImages.Kind.CUSTOM,
                "ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox rm -f /www/healthz; "
                        + "(while [ ! -f /gate/allow-1 ]; do /bin/busybox sleep 0.1; done; echo ok > /www/healthz) & "
                        + "exec /bin/busybox httpd -f -p 8080 -h /www\"]");
        String s3 = TestImages.push(registry.host(), repo, "3.0.0", "3.0.0", TestImages.Kind.CUSTOM,
                "ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox rm -f /www/healthz; "
                        + "if /bin/busybox mkdir /gate/first 2>/dev/null; then echo ok > /www/healthz; fi; "
                        + "(while [ ! -f /gate/open ]; do /bin/busybox sleep 0.1; done; echo ok > /www/healthz) & "
                        + "exec /bin/busybox httpd -f -p 8080 -h /www\"]");
        Path dir = Files.createTempDirectory("larkops-digestit");
        Path gate = Files.createDirectories(dir.resolve("gate"));
        Files.writeString(gate.resolve("allow-1"), "");
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: %s
                runtime: swarm
                services:
                  %s:
                    repository: %s
                    health_timeout: 60s
                    stop_grace: 1s
                    replicas: 2
                    update_parallelism: 1
                    health_cmd: [/bin/busybox, sh, -c, "printf 'GET /healthz HTTP/1.0\\\\r\\\\n\\\\r\\\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '"]
                    health_interval: 1s
                    health_retries: 1
                    health_start_period: 20s
                    volumes: [%s:/gate]
                """.formatted(registry.host(), service, repo, gate));
        Map<String, String> env = Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", swarm.dockerHost());
        SwarmRuntime engine = new SwarmRuntime(swarm.dockerHost(), registry.host(), "", "");
        try (InProcessRouter deployer = new InProcessRouter(env); InProcessRouter reader = new InProcessRouter(env)) {
            assertThat(deployer.route("tester", "/deploy " + service + " 1.0.0").text()).contains("live");
            String before = reader.route("tester", "/digest " + service).text();
            assertThat(envLine(before, service)).startsWith(service + " staging: 1.0.0 " + s1 + " since ");
            assertThat(before).doesNotContain("in progress").doesNotContain("DRIFT");

            CompletableFuture<String> update = CompletableFuture.supplyAsync(() -> deployer.route("tester", "/deploy " + service + " 3.0.0").text());
            Poll.until("one running task on each digest", Duration.ofSeconds(120), () -> {
                List<SwarmTask> running = engine.swarmTasks(name).stream().filter(SwarmTask::running).toList();
                return running.size() == 2 && running.stream().filter(t -> t.digest().equals(s1)).count() == 1
                        && running.stream().filter(t -> t.digest().equals(s3)).count() == 1;
            });
            var during = reader.route("tester", "/digest " + service);
            assertThat(envLine(during.text(), service)).startsWith(service + " staging: 1.0.0 " + s1 + " on 1 task(s), 3.0.0 " + s3
                    + " on 1 task(s) since ");
            assertThat(during.text()).contains("in progress: deploy 3.0.0 (" + shortOf(s3) + ") by os:tester — step: rolling update")
                    .contains("1 of 2 running task(s) on the target").doesNotContain("DRIFT").doesNotContain("starting");
            String card = cardText(during.card().orElseThrow());
            assertThat(card).contains("| 1.0.0 / 3.0.0 | `" + shortOf(s1) + "` ×1, `" + shortOf(s3) + "` ×1 |")
                    .contains("deploy 3.0.0 `" + shortOf(s3) + "`").doesNotContain("DRIFT");

            Files.writeString(gate.resolve("open"), "");
            assertThat(update.get()).contains("live");
            String after = reader.route("tester", "/digest " + service).text();
            assertThat(envLine(after, service)).startsWith(service + " staging: 3.0.0 " + s3 + " since ");
            assertThat(after).doesNotContain("in progress").doesNotContain("DRIFT");

            // a rollback to 1.0.0 whose first task cannot become healthy yet: 3.0.0 still serves on both tasks
            Files.delete(gate.resolve("allow-1"));
            CompletableFuture<String> rollback = CompletableFuture.supplyAsync(
                    () -> deployer.route("tester", "/rollback " + service + " staging to 1.0.0").text());
            Poll.until("a 1.0.0 task starting while the rollback is in progress", Duration.ofSeconds(60), () ->
                    engine.swarmTasks(name).stream().anyMatch(t -> t.digest().equals(s1) && "running".equals(t.desiredState()))
                            && "IN_PROGRESS".equals(sql(dir, "SELECT outcome FROM releases WHERE kind='ROLLBACK' ORDER BY id DESC LIMIT 1")));
            var midRollback = reader.route("tester", "/digest " + service);
            assertThat(envLine(midRollback.text(), service)).startsWith(service + " staging: 3.0.0 " + s3 + " since ");
            assertThat(midRollback.text()).contains("in progress: rollback 1.0.0 (" + shortOf(s1) + ") by os:tester — step: rolling update")
                    .contains("0 of 2 running task(s) on the target").doesNotContain("DRIFT").doesNotContain("starting");
            assertThat(cardText(midRollback.card().orElseThrow())).contains("rollback 1.0.0 `" + shortOf(s1) + "`").doesNotContain("DRIFT");

            Files.writeString(gate.resolve("allow-1"), "");
            assertThat(rollback.get()).contains("live");
            String back = reader.route("tester", "/digest " + service).text();
            assertThat(envLine(back, service)).startsWith(service + " staging: 1.0.0 " + s1 + " since ");
            assertThat(back).doesNotContain("in progress").doesNotContain("DRIFT");
        } finally {
            if (!Files.exists(gate.resolve("allow-1"))) {
                Files.writeString(gate.resolve("allow-1"), "");
            }
            if (!Files.exists(gate.resolve("open"))) {
                Files.writeString(gate.resolve("open"), ""); // a failed assertion leaves no update waiting
            }
            engine.removeSwarmService(name);
        }
    }

    /** Deploys {@code version} and waits for it to be live (a HEALTHY image: no gate). */
    private static void deployLive(String service, String version) {
        bot.command("ou_dev1", "/deploy " + service + " " + version, "live in staging");
    }

    /**
     * Waits until the engine runs a container of {@code digest}, the store has its release in progress and the
     * executor recorded its start; returns its name.
     */
    private static String awaitGateWaiting(String service, String digest) {
        String[] name = new String[1];
        Poll.until(service + " starting " + digest + " while its release is in progress", Duration.ofSeconds(90), () -> {
            String found = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                    "--filter", "label=larkops.digest=" + digest, "--filter", "status=running").strip();
            name[0] = found;
            if (!found.isEmpty() && !waiting.contains(found)) {
                waiting.add(found);
            }
            String release = query("SELECT id FROM releases WHERE service='" + service + "' AND outcome='IN_PROGRESS' ORDER BY id DESC LIMIT 1");
            // the executor records a step once it ran: the start is in the audit log, the health gate is next
            return !found.isEmpty() && release != null && query("SELECT count(*) FROM audit WHERE command='release " + release
                    + ": start " + found + "' AND outcome='ok'").equals("1");
        });
        return name[0];
    }

    private static String sql(Path dir, String sql) {
        try {
            return Sqlite.query(dir.resolve("data"), sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(String sql) {
        try {
            return Sqlite.query(bot.dataDir, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The /digest card as chat shows it. */
    private static String digest(String service) {
        return bot.command("ou_dev1", "/digest " + service, "| staging |");
    }

    private static void assertServes(String card, String service, String version, String digest) {
        String row = card.lines().filter(l -> l.startsWith("| " + service + " | staging |")).findFirst().orElseThrow(() -> new AssertionError(card));
        assertThat(row).as(card).startsWith("| " + service + " | staging | " + version + " | `" + shortOf(digest) + "` |");
        assertThat(card).as(card).contains(service + " staging: " + version + " " + digest);
    }

    private static String changeLine(String card) {
        return card.lines().filter(l -> l.contains("**in progress**")).findFirst().orElseThrow(() -> new AssertionError("no change shown in\n" + card));
    }

    private static String envLine(String text, String service) {
        return text.lines().filter(l -> l.startsWith(service + " staging: ")).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    private static String cardText(Map<String, Object> card) {
        return String.join("\n", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(card).findValuesAsText("content"));
    }

    private static String shortOf(String digest) {
        return digest.substring(0, 19);
    }
}
