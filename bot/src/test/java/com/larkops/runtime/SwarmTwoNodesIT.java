package com.larkops.runtime;

import com.larkops.app.InProcessRouter;
import com.larkops.command.Reply;
import com.larkops.testing.Poll;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runtime: swarm} over both nodes of a real two-node Swarm ({@link TestSwarm}): services without
 * constraints whose tasks the engine spreads over the manager ({@code lksw-node-a}) and the worker
 * ({@code lksw-node-b}); {@code /digest} and {@code /status} name each task's node and digest; and the worker
 * drained in the middle of a rolling update (at a positive signal: a task on the new digest runs), after which the
 * update ends live with every task on the manager, and the reply says the node was drained and where its tasks went.
 */
class SwarmTwoNodesIT {
    static TestSwarm swarm;
    static SwarmRuntime engine;
    static InProcessRouter router;
    static String repo;
    static String v1;
    static String v2;
    static final List<String> OWN = List.of("spread", "drain", "drainnew");

    @BeforeAll
    static void setUp() throws Exception {
        swarm = TestSwarm.get();
        TestRegistry registry = TestRegistry.get();
        repo = "swarm2/web-" + UUID.randomUUID().toString().substring(0, 6);
        v1 = TestImages.push(registry.host(), repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(registry.host(), repo, "1.1.0", "1.1.0", TestImages.Kind.HEALTHY);
        Path dir = Files.createTempDirectory("larkops-swarm2");
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: %s
                runtime: swarm
                services:
                %s                """.formatted(registry.host(), OWN.stream().map(n -> service(n, n.equals("drainnew") ? 2 : 1)).collect(Collectors.joining())));
        router = new InProcessRouter(Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", swarm.dockerHost()));
        engine = new SwarmRuntime(swarm.dockerHost(), registry.host(), "", "");
    }

    static String service(String name, int parallelism) {
        return """
                  %s:
                    repository: %s
                    soak: 1s
                    health_timeout: 20s
                    stop_grace: 2s
                    replicas: 2
                    update_parallelism: %d
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                """.formatted(name, repo, parallelism, SwarmIT.HEALTH);
    }

    @AfterEach
    void cleanUp() {
        OWN.forEach(s -> engine.removeSwarmService(s + "-staging"));
        worker().ifPresent(id -> swarm.docker("node", "update", "--availability", "active", id));
    }

    @AfterAll
    static void tearDown() {
        if (router != null) {
            router.close();
        }
    }

    @Test
    void tasksSpreadOverBothNodesAndDigestAndStatusNameEachTasksNode() {
        Reply deployed = router.route("tester", "/deploy spread 1.0.0");
        assertThat(deployed.text()).as(deployed.text()).contains("live");
        List<SwarmTask> running = running("spread-staging");
        assertThat(running).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v1));
        assertThat(running.stream().map(SwarmTask::node).collect(Collectors.toSet())).isEqualTo(Set.of("lksw-node-a", "lksw-node-b"));

        String digest = router.route("tester", "/digest spread").text();
        for (SwarmTask t : running) {
            assertThat(digest).as(digest).contains("task " + t.slot() + " on " + t.node() + ": " + v1.substring(0, 19));
        }
        Reply status = router.route("tester", "/status");
        for (SwarmTask t : running) {
            assertThat(status.text()).as(status.text()).contains("task " + t.slot() + " on " + t.node() + ": " + v1.substring(0, 19));
        }
        Map<String, Object> card = status.card().orElseThrow();
        assertThat(com.larkops.cards.CardSchema.load().validate(card)).isEmpty();
        String tasksNote = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(card).findParents("tag").stream()
                .map(n -> n.path("content").asText()).filter(t -> t.startsWith("Tasks per node")).findFirst().orElseThrow();
        for (SwarmTask t : running) {
            assertThat(tasksNote).contains("task " + t.slot() + " on " + t.node() + ": " + v1.substring(0, 19));
        }
    }

    @Test
    void aWorkerDrainedDuringTheRollingUpdateEndsLiveOnTheManagerAndTheChatIsTold() throws Exception {
        // the positive signal: the first task on the new digest runs, so the update is half-way
        drainedWhen("drain", "a task of drain-staging running " + v2, t -> t.digest().equals(v2));
    }

    /**
     * Both slots at once (update_parallelism 2): the second new task goes to the node with fewer of the service's
     * tasks, so one lands on the worker; it is drained while the engine still monitors that new task.
     */
    @Test
    void aWorkerDrainedUnderANewTaskInItsMonitorWindowEndsLiveOnTheManagerAndTheChatIsTold() throws Exception {
        drainedWhen("drainnew", "a task of drainnew-staging running " + v2 + " on lksw-node-b",
                t -> t.digest().equals(v2) && t.node().equals("lksw-node-b"));
    }

    private void drainedWhen(String service, String signal, java.util.function.Predicate<SwarmTask> when) throws Exception {
        String name = service + "-staging";
        Reply first = router.route("tester", "/deploy " + service + " 1.0.0");
        assertThat(first.text()).as(first.text()).contains("live");
        assertThat(running(name).stream().map(SwarmTask::node).collect(Collectors.toSet()))
                .isEqualTo(Set.of("lksw-node-a", "lksw-node-b"));
        String workerId = worker().orElseThrow();

        CompletableFuture<Reply> update = CompletableFuture.supplyAsync(() -> router.route("tester", "/deploy " + service + " 1.1.0"));
        Poll.until(signal, Duration.ofSeconds(90), () -> running(name).stream().anyMatch(when));
        swarm.docker("node", "update", "--availability", "drain", workerId);
        Reply r = update.get(5, TimeUnit.MINUTES);
        System.out.println(service + " drained at: " + signal + "\n" + r.text());

        // the tasks the drain shut down are no failure of the image: the update ends live on the manager, whether the
        // engine converged there at once or rolled back over a drained task and larkops applied the update once more
        List<SwarmTask> after = running(name);
        assertThat(r.text()).as(r.text()).contains("live").contains("node lksw-node-b drained during the update; tasks moved to lksw-node-a");
        assertThat(after).hasSize(2).allSatisfy(t -> {
            assertThat(t.node()).isEqualTo("lksw-node-a");
            assertThat(t.digest()).isEqualTo(v2);
        });
        // the same line on the card chat shows
        String card = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.card().orElseThrow()).toString();
        assertThat(card).contains("node lksw-node-b drained during the update; tasks moved to lksw-node-a");
        assertThat(router.route("tester", "/history " + service + " 1").text()).contains("1.1.0").contains("live");
        assertThat(router.route("tester", "/digest " + service).text()).contains("task 1 on lksw-node-a: " + v2.substring(0, 19))
                .contains("task 2 on lksw-node-a: " + v2.substring(0, 19));
    }

    private static java.util.Optional<String> worker() {
        if (engine == null) {
            return java.util.Optional.empty();
        }
        return engine.swarmNodes().stream().filter(n -> n.hostname().equals("lksw-node-b")).map(SwarmNode::id).findFirst();
    }

    private static List<SwarmTask> running(String swarmService) {
        return engine.swarmTasks(swarmService).stream().filter(SwarmTask::running).toList();
    }
}
