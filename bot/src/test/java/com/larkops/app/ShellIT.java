package com.larkops.app;

import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar larkops-bot.jar run …} as an operator types it: the built jar in a subprocess, with
 * no Lark settings at all, against the real engine and registry; exit codes, stdout/stderr, the audit
 * log and the container label name the OS user. Each test has a data dir, a config and a service (and
 * repository) of its own and deploys what it starts from; the images are built once.
 */
class ShellIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String BASE_REPO = "shellit/echo" + SUFFIX;
    static final String NETWORK = "larkops-shell-" + SUFFIX;
    static final String OS_USER = "os:" + System.getProperty("user.name");
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static String v1;
    static String v2;
    /** This test's service, working dir (config) and data dir. */
    String service;
    Path work;
    Path dataDir;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void images() {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, BASE_REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, BASE_REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
    }

    @BeforeEach
    void configOfItsOwn() throws Exception {
        String host = TestRegistry.get().host();
        service = "sh" + SUFFIX + "-" + TESTS.incrementAndGet();
        String repo = "shellit/" + service;
        for (String t : List.of("1.0.0", "2.0.0")) {
            TestImages.copy(host, BASE_REPO, t, repo);
        }
        work = Files.createTempDirectory("larkops-shell");
        dataDir = work.resolve("data");
        Files.writeString(work.resolve("larkops.yaml"), """
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
                    soak: 1s
                    health_timeout: 20s
                """.formatted(host, NETWORK, service, repo));
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeService(service, null);
    }

    @AfterAll
    static void removeNetwork() {
        DockerCli.removeService("sh" + SUFFIX, NETWORK);
    }

    /** Deploys each version to staging from the shell, each live before the next. */
    void deployed(String... versions) {
        for (String version : versions) {
            Result r = run("/deploy", service, version);
            assertThat(r.exit()).as(r.toString()).isZero();
        }
    }

    /**
     * Waits until the staging release is known-good. The shell has no soak watch: each run catches up on soaks
     * that passed (1 s here) with the container undisturbed, so ask {@code /digest} until that has happened.
     */
    void knownGoodInStaging() {
        String sql = "SELECT known_good_ms IS NOT NULL FROM releases WHERE service='" + service
                + "' AND env='staging' AND outcome='LIVE'";
        com.larkops.testing.Poll.until(service + " known-good in staging", java.time.Duration.ofSeconds(60), () -> {
            assertThat(run("/digest", service).exit()).isZero();
            try {
                return "1".equals(sql(sql));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void digestAllAnswersWithoutLarkOrARunningBot() throws Exception {
        Result r = run("/digest", "all");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(service).contains("staging").contains("not running");
        assertThat(auditActors("/digest all")).containsOnly(OS_USER);
    }

    @Test
    void deployRunsTheContainerLabelledWithTheOsUser() throws Exception {
        Result r = run("/deploy", service, "1.0.0");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("live in staging");
        String running = runningContainer();
        assertThat(label(running, "larkops.deployed-by")).isEqualTo(OS_USER);
        assertThat(label(running, "larkops.digest")).isEqualTo(v1);
        assertThat(auditActors("/deploy " + service + " 1.0.0")).containsOnly(OS_USER);
        assertThat(sql("SELECT actor FROM releases WHERE digest='" + v1 + "'")).isEqualTo(OS_USER);
        assertThat(sql("SELECT chat FROM audit WHERE command='/deploy " + service + " 1.0.0'")).isEqualTo("shell");
    }

    @Test
    void rollbackIsImmediateAndAudited() throws Exception {
        deployed("1.0.0");
        assertThat(run("/deploy", service, "2.0.0").exit()).isZero();
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v2);
        Result r = run("/rollback", service, "staging", "to", "1.0.0");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("live in staging").contains("1.0.0");
        assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v1);
        assertThat(auditActors("/rollback " + service + " staging to 1.0.0")).containsOnly(OS_USER);
        Result digest = run("/digest", service);
        assertThat(digest.out()).contains("staging: 1.0.0 " + v1).contains("by " + OS_USER);
    }

    @Test
    void aDeployWhileTheBotHoldsTheLockIsRefusedNamingTheHolder() throws Exception {
        deployed("2.0.0", "1.0.0"); // 1.0.0 runs; 2.0.0 ran before, so a rollback to it is one
        // the running bot's side: same data dir, a live process (this JVM) holding the service lock
        try (Database db = Database.open(dataDir); DbLocks botLocks = new DbLocks(db, Clock.systemUTC())) {
            assertThat(botLocks.tryAcquire(service + "/staging", "ou_dev1")).isEmpty();
            Result r = run("/deploy", service, "2.0.0");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("being changed by ou_dev1");
            assertThat(r.out()).isEmpty();
            assertThat(label(runningContainer(), "larkops.digest")).isEqualTo(v1);
            Result rollback = run("/rollback", service, "staging", "to", "2.0.0");
            assertThat(rollback.exit()).isEqualTo(1);
            assertThat(rollback.err()).contains("being changed by ou_dev1");
            assertThat(sql("SELECT holder FROM locks WHERE name='" + service + "/staging'"))
                    .as("the refused shell commands did not take the lock over").isEqualTo("ou_dev1");
        }
        assertThat(sql("SELECT outcome FROM audit WHERE command='/deploy " + service + " 2.0.0' ORDER BY id DESC LIMIT 1"))
                .isEqualTo("refused");
    }

    @Test
    void prodRollForwardIsRefusedAndBadUsageExitsTwo() {
        deployed("1.0.0");
        knownGoodInStaging();
        Result prod = run("/deploy", service, "1.0.0", "prod");
        assertThat(prod.exit()).isEqualTo(1);
        assertThat(prod.err()).contains("prod was not changed");
        Result missing = run("/deploy");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("usage");
        Result unknown = run("/frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command /frobnicate");
        Result nothing = run();
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("usage: java -jar larkops-bot.jar run");
    }

    @Test
    void aUserErrorIsOneClearLineWithoutAStackTrace() {
        Result unknownVersion = run("/deploy", service, "9.9.9");
        assertThat(unknownVersion.exit()).as(unknownVersion.toString()).isEqualTo(1);
        assertThat(unknownVersion.err().strip()).contains("9.9.9").contains("not in registry").doesNotContain("\n");
        assertThat(unknownVersion.out() + unknownVersion.err()).doesNotContain("Exception", "\tat ");
        Result badArgument = run("/history", service, "lots");
        assertThat(badArgument.exit()).as(badArgument.toString()).isEqualTo(2);
        assertThat(badArgument.out() + badArgument.err()).contains("n must be a number").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aRollbackToWhatNeverRanThereIsRefusedNamingTheDeployToUse() throws Exception {
        deployed("2.0.0", "1.0.0");
        knownGoodInStaging();
        assertThat(run("/deploy", service, "1.0.0", "prod").err()).contains("prod was not changed");
        // 2.0.0 is in the registry and ran in staging, but never in prod: from the shell too, that is a deploy
        Result prod = run("/rollback", service, "prod", "to", "2.0.0");
        assertThat(prod.exit()).as(prod.toString()).isEqualTo(1);
        assertThat(prod.err()).contains("not a rollback target").contains("/deploy " + service + " 2.0.0 prod");
        Result byDigest = run("/rollback", service, "prod", "to", v2);
        assertThat(byDigest.exit()).as(byDigest.toString()).isEqualTo(1);
        assertThat(byDigest.err()).contains("not a rollback target");
        // 1.0.0's prod request above was cancelled (no Lark to post the card): a cancelled release is no target either
        assertThat(sql("SELECT outcome FROM releases WHERE env='prod' AND version='1.0.0'")).isEqualTo("CANCELLED");
        Result cancelled = run("/rollback", service, "prod", "to", "1.0.0");
        assertThat(cancelled.exit()).as(cancelled.toString()).isEqualTo(1);
        assertThat(cancelled.err()).contains("1.0.0 never ran in prod");
        Result byDefault = run("/rollback", service, "prod");
        assertThat(byDefault.exit()).as(byDefault.toString()).isEqualTo(1);
        assertThat(byDefault.err()).contains("no known-good digest of " + service + " in prod");
        assertThat(DockerCli.docker("ps", "-aq", "--filter", "label=larkops.service=" + service, "--filter", "label=larkops.env=prod")
                .strip()).isEmpty();
        assertThat(sql("SELECT count(*) FROM releases WHERE env='prod' AND outcome<>'CANCELLED'")).isEqualTo("0");
    }

    @Test
    void withLanguageZhCnTheShellAnswersInChinese() throws Exception {
        Path config = work.resolve("larkops.yaml");
        Files.writeString(config, Files.readString(config) + "language: zh_cn\n");
        Result help = run("/help");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).startsWith(com.larkops.i18n.Msg.of("help.header").in(com.larkops.i18n.Language.ZH_CN))
                .contains("/digest").contains(com.larkops.i18n.Msg.of("help.cmd.digest").in(com.larkops.i18n.Language.ZH_CN))
                .doesNotContain("larkops commands:");
        Result unknown = run("/frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("未知命令 /frobnicate；输入 /帮助 查看命令列表");
        // a Chinese alias with a Chinese answer, and the same exit codes as in English
        Result alias = run("/帮助");
        assertThat(alias.exit()).as(alias.toString()).isZero();
        assertThat(alias.out()).isEqualTo(help.out());
    }

    /** The jar in a subprocess: working dir without .env, only our variables, stdin closed. */
    Result run(String... words) {
        try {
            List<String> cmd = new ArrayList<>(com.larkops.testing.BotJar.command("run"));
            cmd.addAll(List.of(words));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LARK") || k.equals("SUDO_USER"));
            pb.environment().put("LARKOPS_CONFIG", work.resolve("larkops.yaml").toString());
            pb.environment().put("LARKOPS_DATA_DIR", dataDir.toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("run %s finished", List.of(words)).isTrue();
            return new Result(p.exitValue(), out, err.get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> auditActors(String command) throws Exception {
        List<String> actors = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("larkops.db"));
             var ps = c.prepareStatement("SELECT actor FROM audit WHERE command=?")) {
            ps.setString(1, command);
            var rs = ps.executeQuery();
            while (rs.next()) {
                actors.add(rs.getString(1));
            }
        }
        assertThat(actors).as("audit rows for %s", command).isNotEmpty();
        return actors;
    }

    String sql(String query) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("larkops.db"));
             var rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    String runningContainer() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }


}
