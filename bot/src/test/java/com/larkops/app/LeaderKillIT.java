package com.larkops.app;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.Poll;
import com.larkops.testing.TestConfig;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestPostgres;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bot replicas as separate processes (the built jar) on one PostgreSQL store. The leader is killed with
 * SIGKILL in the middle of a deploy; the follower takes the leader lease once it runs out, settles the half-done
 * release as a restart would, and tells the chat, once. While the leader deploys, the same service asked of
 * the follower is refused in one line naming who holds it. {@code -Dkill.rounds=N} repeats the whole round. A follower
 * killed mid-deploy is settled by the leader the same way.
 */
class LeaderKillIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String REPO = "leaderkillit/svc" + SUFFIX;
    static final String NETWORK = "larkops-lk-" + SUFFIX;
    /** Short, so the round does not wait long; the take-over bound is lease + lease/3 after the last renewal. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static String v1;

    final HttpClient http = HttpClient.newHttpClient();
    final List<Process> processes = new ArrayList<>();
    final List<String> services = new ArrayList<>();
    final List<Long> takeOvers = new ArrayList<>();
    final List<Long> reported = new ArrayList<>();

    @BeforeAll
    static void images() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.BROKEN);
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        services.forEach(s -> DockerCli.removeService(s, NETWORK));
    }

    @Test
    void theFollowerTakesOverAndSettlesTheDeployTheKilledLeaderLeftHalfDone() throws Exception {
        int rounds = Integer.getInteger("kill.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            round("r" + round, true);
            System.out.printf("leader kill round %d of %d passed: the follower led %d ms after the kill, told the chat after %d ms "
                    + "(lease %d s)%n", round, rounds, takeOvers.get(takeOvers.size() - 1), reported.get(reported.size() - 1), LEASE.toSeconds());
        }
        System.out.println("leader kill: " + rounds + " rounds in a row passed; take-over after the kill, ms: " + takeOvers
                + "; chat told after, ms: " + reported);
    }

    @Test
    void theLeaderSettlesTheDeployAKilledFollowerLeftHalfDone() throws Exception {
        round("f", false);
        System.out.printf("follower kill: the leader told the chat %d ms after the kill%n", reported.get(0));
    }

    /** Two replicas; the one deploying (the leader, or with {@code killLeader} false the follower) is killed mid-deploy. */
    private void round(String name, boolean killLeader) throws Exception {
        String service = "lk" + SUFFIX + name;
        services.add(service);
        String url = TestPostgres.get().newDatabase();
        try (BotHarness lark = new BotHarness(TestConfig.on(NETWORK).service(service, REPO, "soak", "1s", "health_timeout", "120s").build())) {
            int portA = freePort();
            Process a = startJar(lark, url, portA);
            Poll.until("the first replica leads", Duration.ofSeconds(30), () -> leader(portA) == 1);
            int portB = freePort();
            Process b = startJar(lark, url, portB);
            assertThat(leader(portB)).as("the second replica follows while the first holds the lease").isEqualTo(0);
            assertThat(doctorReplicas(lark, url)).contains("2 running", a.pid() + "@", b.pid() + "@").contains("leader " + a.pid() + "@");

            int portDoomed = killLeader ? portA : portB;
            int portSurvivor = killLeader ? portB : portA;
            Process doomed = killLeader ? a : b;
            Process survivor = killLeader ? b : a;
            post(lark, portDoomed, "om_1", "/deploy " + service + " 1.0.0");
            lark.lark.awaitReply("om_1", t -> t.contains("live in staging"), Duration.ofSeconds(60));
            post(lark, portDoomed, "om_2", "/deploy " + service + " 2.0.0");
            String r2 = service + "-staging-r2";
            Poll.until("r2 running", Duration.ofSeconds(60),
                    () -> docker("ps", "--format", "{{.Names}}", "--filter", "name=" + r2).contains(r2));

            // the other replica is asked for the same service while the deploying one holds its lock: one line, who holds it
            post(lark, portSurvivor, "om_busy", "/deploy " + service + " 1.0.0");
            String refused = lark.lark.awaitReply("om_busy", t -> t.contains("is being changed by"), Duration.ofSeconds(30)).text();
            assertThat(refused.lines().filter(l -> l.contains("is being changed by")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains(service + " staging", "<at id=ou_dev1>", "try again when it finishes"));

            doomed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no lock or lease given up
            long killed = System.nanoTime();
            assertThat(sql(url, "SELECT outcome FROM releases WHERE id=2")).isEqualTo("IN_PROGRESS");
            if (killLeader) {
                // the bound: the lease plus a third of it after the last renewal, and some room for a loaded machine
                Poll.until("the follower leads", LEASE.multipliedBy(2).plusSeconds(15), () -> leader(portB) == 1);
                takeOvers.add((System.nanoTime() - killed) / 1_000_000);
            }

            lark.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains("interrupted"),
                    Duration.ofSeconds(60), "the interruption notice in the chat");
            reported.add((System.nanoTime() - killed) / 1_000_000);
            assertThat(sql(url, "SELECT outcome FROM releases WHERE id=2")).isEqualTo("FAILED");
            assertThat(sql(url, "SELECT outcome FROM releases WHERE id=1")).isEqualTo("LIVE");
            String running = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service).strip();
            assertThat(running).isEqualTo(service + "-staging-r1");
            assertThat(docker("ps", "-aq", "--filter", "name=" + r2).strip()).isEmpty();
            assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}}", running).strip()).isEqualTo(v1);

            assertThat(doctorReplicas(lark, url)).contains("1 running (" + survivor.pid() + "@").contains("leader " + survivor.pid() + "@");

            // the next command to the survivor runs (the dead replica's lock is gone); only then count what happened
            post(lark, portSurvivor, "om_3", "/deploy " + service + " 1.0.0");
            lark.lark.awaitReply("om_3", t -> t.contains("already runs"), Duration.ofSeconds(30));
            assertThat(lark.lark.sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages")
                    && s.text().contains("interrupted")).count()).as("the half-done release is reported once").isEqualTo(1);
            System.out.println(sqlAll(url, "SELECT actor || ' | ' || command || ' | ' || outcome FROM audit ORDER BY id"));
            assertThat(sql(url, "SELECT COUNT(*) FROM audit WHERE actor='larkops:recovery'")).as("recovery ran").isNotEqualTo("0");
            assertThat(sql(url, "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM audit WHERE command LIKE 'release %: %' "
                    + "OR command LIKE 'recover release %' GROUP BY command) steps")).as("no step recorded twice").isEqualTo("1");
            survivor.destroyForcibly().waitFor();
        }
    }

    private Process startJar(BotHarness lark, String url, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "larkops-bot.jar").toAbsolutePath().toString());
        pb.environment().putAll(lark.env());
        pb.environment().put("LARKOPS_PORT", String.valueOf(port));
        pb.environment().put("LARKOPS_DATABASE_URL", url);
        pb.environment().put("LARKOPS_LEADER_LEASE", LEASE.toSeconds() + "s");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/leader-kill-it-bots.log")));
        Process p = pb.start();
        processes.add(p);
        Poll.until("bot up on " + port, Duration.ofSeconds(60), () -> get(port, "/healthz").statusCode() == 200);
        return p;
    }

    /** The {@code replicas} line of {@code doctor} run against the shared store. */
    private static String doctorReplicas(BotHarness lark, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(com.larkops.testing.BotJar.command("doctor"));
        pb.environment().putAll(lark.env());
        pb.environment().put("LARKOPS_DATABASE_URL", url);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("✓ replicas: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no replicas line in doctor's output:\n" + out));
    }

    /** The replica's {@code larkops_leader} gauge: 1 leads, 0 follows, -1 unreadable. */
    private int leader(int port) {
        return get(port, "/metrics").body().lines().filter(l -> l.startsWith("larkops_leader "))
                .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(-1);
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return new Unanswered();
        }
    }

    private void post(BotHarness lark, int port, String messageId, String text) {
        var d = lark.events.deliver(lark.events.message("ev_" + UUID.randomUUID(), messageId, "oc_ops", "ou_dev1", text));
        assertThat(LarkEventFactory.post(http, port, d).statusCode()).isEqualTo(200);
    }

    private static String sql(String url, String query) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://" + url.substring(url.indexOf('@') + 1), TestPostgres.USER,
                TestPostgres.PASSWORD); var rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String sqlAll(String url, String query) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var c = DriverManager.getConnection("jdbc:postgresql://" + url.substring(url.indexOf('@') + 1), TestPostgres.USER,
                TestPostgres.PASSWORD); var rs = c.createStatement().executeQuery(query)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** What {@link #get} answers while nothing listens yet. */
    private static final class Unanswered implements HttpResponse<String> {
        public int statusCode() {
            return 0;
        }

        public HttpRequest request() {
            return null;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (x, y) -> true);
        }

        public String body() {
            return "";
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return null;
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
