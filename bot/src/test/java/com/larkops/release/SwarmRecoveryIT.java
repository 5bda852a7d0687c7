package com.larkops.release;

import com.larkops.app.InProcessRouter;
import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.SwarmRuntime;
import com.larkops.runtime.SwarmService;
import com.larkops.runtime.SwarmTask;
import com.larkops.store.Database;
import com.larkops.store.ReleaseStore;
import com.larkops.testing.Poll;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash recovery of a Swarm update on a real two-node Swarm ({@link TestSwarm}). A crash is left exactly as
 * it leaves things: the release row IN_PROGRESS with its service assigned, and the engine holding the spec the
 * plan's first step applied (the bot died before it saw the update end). Then the bot's start-up recovery
 * runs ({@link InProcessRouter#recover}) and must settle the row from the service's real state and tell the chat.
 * Each test crashes a service of its own and deploys what that service starts from.
 */
class SwarmRecoveryIT {
    static final String HEALTH = "printf 'GET /healthz HTTP/1.0\\\\r\\\\n\\\\r\\\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '";
    /** A service per test: rolling on, rolled back by the engine, paused; and the stuck one. */
    static final List<String> SERVICES = List.of("rec", "recb", "recp");
    static final String STUCK = "stuck-staging";

    static TestSwarm swarm;
    static SwarmRuntime engine;
    static InProcessRouter router;
    static LarkopsConfig config;
    static Database db;
    static ReleaseStore store;
    static String repo;
    static String v1;
    static String v2;
    static String broken;

    @BeforeAll
    static void setUp() throws Exception {
        swarm = TestSwarm.get();
        TestRegistry registry = TestRegistry.get();
        repo = "swarmrecoveryit/rec-" + UUID.randomUUID().toString().substring(0, 6);
        v1 = TestImages.push(registry.host(), repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(registry.host(), repo, "1.1.0", "1.1.0", TestImages.Kind.HEALTHY);
        broken = TestImages.push(registry.host(), repo, "1.2.0", "1.2.0", TestImages.Kind.BROKEN);
        Path dir = Files.createTempDirectory("larkops-swarmrecoveryit");
        Path file = dir.resolve("larkops.yaml");
        Files.writeString(file, """
                registry: %s
                chats: [oc_ops]
                runtime: swarm
                services:
                %s  stuck:
                    repository: %s
                    soak: 1h
                    health_timeout: 1s
                    stop_grace: 1s
                    replicas: 1
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                """.formatted(registry.host(), SERVICES.stream().map(SwarmRecoveryIT::rolling).collect(java.util.stream.Collectors.joining()),
                repo, HEALTH));
        config = ConfigFile.load(file);
        router = new InProcessRouter(Map.of("LARKOPS_CONFIG", file.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", swarm.dockerHost()));
        engine = new SwarmRuntime(swarm.dockerHost(), registry.host(), "", "");
        db = Database.open(dir.resolve("data"));
        store = new ReleaseStore(db, java.time.Clock.systemUTC());
    }

    /** A service of two replicas updated one at a time, under {@code name}. */
    static String rolling(String name) {
        return """
                  %s:
                    repository: %s
                    soak: 1h
                    health_timeout: 20s
                    stop_grace: 2s
                    replicas: 2
                    update_parallelism: 1
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                """.formatted(name, repo, HEALTH);
    }

    static String swarmName(String service) {
        return service + "-staging";
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            SERVICES.forEach(s -> engine.removeSwarmService(swarmName(s)));
            engine.removeSwarmService(STUCK);
        }
        if (router != null) {
            router.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anUpdateStillRollingWhenTheBotDiedIsWaitedForAndLive() {
        assertThat(router.route("ou_dev1", "/deploy rec 1.0.0").text()).contains("live");
        Release r = crashAfterTheUpdateWasApplied("rec", "1.1.0", v2);
        Poll.until("the engine rolls the update", Duration.ofSeconds(30),
                () -> engine.swarmService(swarmName("rec")).flatMap(SwarmService::updateState).filter("updating"::equals).isPresent());

        List<Reconciler.Notice> notices = router.recover();

        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).chat()).isEqualTo("oc_ops");
        assertThat(notices.get(0).text()).contains("release #" + r.id()).contains("still rolling it out").contains("is live")
                .contains("task 1 on lksw-node-").contains("task 2 on lksw-node-");
        assertThat(store.byId(r.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.LIVE);
        assertThat(running("rec")).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v2));
        assertThat(router.route("ou_dev1", "/digest rec").text()).contains(v2).doesNotContain("DRIFT");
    }

    @Test
    void anUpdateTheEngineRolledBackIsFailedAndThePreviousDigestServes() {
        assertThat(router.route("ou_dev1", "/deploy recb 1.1.0").text()).contains("live");
        Release r = crashAfterTheUpdateWasApplied("recb", "1.2.0", broken);
        Poll.until("the engine rolls the broken update back", Duration.ofSeconds(150),
                () -> engine.swarmService(swarmName("recb")).flatMap(SwarmService::updateState).filter("rollback_completed"::equals).isPresent());

        List<Reconciler.Notice> notices = router.recover();

        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).chat()).isEqualTo("oc_ops");
        assertThat(notices.get(0).text()).contains("release #" + r.id()).contains("the engine rolled the update back (rollback_completed")
                .contains("1.1.0 (" + Digest.parse(v2).shortForm() + ") serves");
        Release settled = store.byId(r.id()).orElseThrow();
        assertThat(settled.outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(settled.detail()).contains("rolled the update back");
        assertThat(engine.swarmService(swarmName("recb")).orElseThrow().image()).endsWith("@" + v2);
        assertThat(router.route("ou_dev1", "/history recb 1").text()).contains("1.2.0").contains("failed");
    }

    /** A paused update put back; then (the engine's last update being that rollback) a release that never reached it. */
    @Test
    void aPausedUpdateIsFailedAndPutBackThenAReleaseWhoseUpdateNeverReachedTheEngineChangesNothing() {
        assertThat(router.route("ou_dev1", "/deploy recp 1.1.0").text()).contains("live");
        aPausedUpdateIsFailedAndThePreviousSpecIsPutBack();
        aReleaseWhoseUpdateNeverReachedTheEngineIsFailedAndChangesNothing();
    }

    private void aPausedUpdateIsFailedAndThePreviousSpecIsPutBack() {
        String name = swarmName("recp");
        Release r = begin("recp", name, "1.2.0", broken);
        // an update the engine pauses on failure instead of rolling back (as an operator's own update settings could)
        swarm.docker("service", "update", "--detach", "--image", image(broken), "--update-failure-action", "pause",
                "--update-monitor", "10s", name);
        Poll.until("the engine pauses the broken update", Duration.ofSeconds(150),
                () -> engine.swarmService(name).flatMap(SwarmService::updateState).filter("paused"::equals).isPresent());

        List<Reconciler.Notice> notices = router.recover();

        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).text()).contains("release #" + r.id()).contains("the engine paused the update")
                .contains("1.1.0 (" + Digest.parse(v2).shortForm() + ") was put back");
        assertThat(store.byId(r.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(engine.swarmService(name).orElseThrow().image()).endsWith("@" + v2);
        Poll.until("the engine completes the rollback larkops asked for", Duration.ofSeconds(150),
                () -> engine.swarmService(name).flatMap(SwarmService::updateState).filter("rollback_completed"::equals).isPresent());
        assertThat(running("recp")).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v2));
    }

    private void aReleaseWhoseUpdateNeverReachedTheEngineIsFailedAndChangesNothing() {
        String name = swarmName("recp");
        long versionBefore = engine.swarmService(name).orElseThrow().version();
        // the engine's last update is the rollback above, finished before this release begins
        SwarmService before = engine.swarmService(name).orElseThrow();
        assertThat(before.updateState()).contains("rollback_completed");
        Instant rollbackStarted = before.updateStartedAt().orElseThrow();
        Poll.until("the clock past the rollback's start plus the slack", Duration.ofSeconds(10),
                () -> Instant.now().isAfter(rollbackStarted.plus(SwarmRecoveryPlanner.CLOCK_SLACK).plusMillis(200)));
        Release r = begin("recp", name, "1.0.0", v1);

        List<Reconciler.Notice> notices = router.recover();

        assertThat(notices).singleElement().satisfies(n -> assertThat(n.text()).contains("release #" + r.id())
                .contains("the update never reached the engine").contains("1.1.0 (" + Digest.parse(v2).shortForm() + ") serves"));
        assertThat(store.byId(r.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(engine.swarmService(name).orElseThrow().version()).as("the service spec was not touched").isEqualTo(versionBefore);
    }

    @Test
    void anUpdateThatNeverConvergesIsWaitedForOnlyWithinItsBoundAndThePreviousSpecGoesBack() {
        assertThat(router.route("ou_dev1", "/deploy stuck 1.0.0").text()).contains("live");
        Release r = begin("stuck", STUCK, "1.1.0", v2);
        // the update reached the engine, but its new task can be placed nowhere: the engine keeps "updating"
        swarm.docker("service", "update", "--detach", "--image", image(v2), "--constraint-add", "node.labels.zone==nowhere", STUCK);
        Poll.until("the engine rolls the update", Duration.ofSeconds(30),
                () -> engine.swarmService(STUCK).flatMap(SwarmService::updateState).filter("updating"::equals).isPresent());

        long start = System.nanoTime();
        List<Reconciler.Notice> notices = router.recover();
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        // the bound: 1 batch × (monitor 1 s + (1 s + 3 s) × 3, + health_timeout 1 s) × 2 + 30 s = 58 s
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(58)).isLessThan(Duration.ofSeconds(120));
        assertThat(notices).singleElement().satisfies(n -> assertThat(n.text()).contains("release #" + r.id())
                .contains("it did not converge (stuck-staging did not converge on").contains("1.0.0 (" + Digest.parse(v1).shortForm() + ") was put back\ntask 1 on "));
        assertThat(store.byId(r.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(engine.swarmService(STUCK).orElseThrow().image()).endsWith("@" + v1);
        Poll.until("the engine completes the rollback larkops asked for", Duration.ofSeconds(120),
                () -> engine.swarmService(STUCK).flatMap(SwarmService::updateState).filter("rollback_completed"::equals).isPresent());
        assertThat(engine.swarmTasks(STUCK).stream().filter(SwarmTask::running).toList()).singleElement()
                .satisfies(t -> assertThat(t.digest()).isEqualTo(v1));
    }

    /** The row as {@link Deployer} writes it before the plan runs: IN_PROGRESS, its Swarm service assigned. */
    private static Release begin(String service, String swarmService, String version, String digest) {
        Release r = store.begin(new ReleaseHistory.NewRelease(new ServiceName(service), Env.STAGING, version, Digest.parse(digest), image(digest),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", Instant.now()), Release.Outcome.IN_PROGRESS);
        store.assign(r.id(), swarmService);
        return r;
    }

    /** The plan's first step done (the spec it writes, with its labels), and then the bot died: no AwaitConverged ran. */
    private static Release crashAfterTheUpdateWasApplied(String service, String version, String digest) {
        Release r = begin(service, swarmName(service), version, digest);
        Target target = new Target(service, Env.STAGING, Digest.parse(digest), version, image(digest));
        Plan plan = SwarmPlanner.plan(target, Release.Kind.DEPLOY, config.service(service).orElseThrow(), config.swarm(new ServiceName(service)), r.id(),
                "ou_dev1", engine.swarmService(swarmName(service)));
        engine.applySwarmService(SwarmSteps.spec((Step.UpdateService) plan.steps().get(0), Map.of()));
        return r;
    }

    private static String image(String digest) {
        return TestRegistry.get().host() + "/" + repo + "@" + digest;
    }

    private static List<SwarmTask> running(String service) {
        return engine.swarmTasks(swarmName(service)).stream().filter(SwarmTask::running).toList();
    }
}
