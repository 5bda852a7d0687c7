package com.larkops.runtime;

import com.larkops.app.InProcessRouter;
import com.larkops.command.Reply;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;
import com.larkops.testing.Poll;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runtime: swarm} end to end on a real two-node Swarm ({@link TestSwarm}: two dockerds in their own
 * network namespaces), images from the real test registry, commands through the same router as chat and
 * shell: deploy, a start-first second deploy, a broken deploy the engine rolls back, a rollback, and drift when
 * one task is forced onto another digest. Each test that changes a service has one of its own and deploys what
 * it starts from; the read-only ones look at {@code web}, deployed once at 1.0.0.
 */
@org.junit.jupiter.api.Tag("smoke") // also run by the fresh-machine check (README)
class SwarmIT {
    static final String HEALTH = "printf 'GET /healthz HTTP/1.0\\\\r\\\\n\\\\r\\\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '";

    static TestSwarm swarm;
    static SwarmRuntime engine;
    static InProcessRouter router;
    static String repo;
    static String v1;
    static String v2;
    static String broken;
    static Path volume;
    static final String SERVICE = "web-staging";
    /** The services the changing tests have to themselves (each removed after its test). */
    static final List<String> OWN = List.of("web1", "web3", "web4", "web5", "web7");

    @BeforeAll
    static void setUp() throws Exception {
        swarm = TestSwarm.get();
        TestRegistry registry = TestRegistry.get();
        repo = "swarmit/web-" + UUID.randomUUID().toString().substring(0, 6);
        v1 = TestImages.push(registry.host(), repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(registry.host(), repo, "1.1.0", "1.1.0", TestImages.Kind.HEALTHY);
        broken = TestImages.push(registry.host(), repo, "1.2.0", "1.2.0", TestImages.Kind.BROKEN);
        Path dir = Files.createTempDirectory("larkops-swarmit");
        // the nodes share the host's file system (only their network is their own): a bind source exists on both
        volume = dir.resolve("shared");
        Files.createDirectories(volume);
        Files.writeString(volume.resolve("marker"), "mounted-" + repo);
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: %s
                runtime: swarm
                services:
                %s                """.formatted(registry.host(), Stream.concat(Stream.of("web"), OWN.stream()).map(SwarmIT::service)
                .collect(Collectors.joining())));
        router = new InProcessRouter(Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", swarm.dockerHost()));
        engine = new SwarmRuntime(swarm.dockerHost(), registry.host(), "", "");
        Reply r = router.route("tester", "/deploy web 1.0.0");
        assertThat(r.text()).as(r.text()).contains("live");
    }

    static String service(String name) {
        return """
                  %s:
                    repository: %s
                    soak: 1s
                    health_timeout: 20s
                    stop_grace: 2s
                    replicas: 2
                    update_parallelism: 1
                    constraints: [node.labels.zone==b]
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                    memory: 96m
                    cpus: 0.5
                    volumes: [%s:/shared:ro]
                """.formatted(name, repo, HEALTH, volume);
    }

    /** Deploys each version of {@code service} in turn, each live before the next. */
    static void deployed(String service, String... versions) {
        for (String version : versions) {
            Reply r = router.route("tester", "/deploy " + service + " " + version);
            assertThat(r.text()).as(r.text()).contains("live");
        }
    }

    @AfterEach
    void removeOwnServices() {
        OWN.forEach(s -> engine.removeSwarmService(s + "-staging"));
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.removeSwarmService(SERVICE);
            OWN.forEach(s -> engine.removeSwarmService(s + "-staging"));
        }
        if (router != null) {
            router.close();
        }
    }

    @Test
    void deployCreatesAServicePinnedToTheDigestOnTheConstrainedNode() {
        Reply r = router.route("tester", "/deploy web1 1.0.0");
        assertThat(r.text()).as(r.text()).contains("live").contains(v1.substring(7, 19));
        SwarmService s = engine.swarmService("web1-staging").orElseThrow();
        assertThat(s.image()).isEqualTo(TestRegistry.get().host() + "/" + repo + "@" + v1);
        assertThat(s.labels()).containsEntry("larkops.service", "web1").containsEntry("larkops.env", "staging")
                .containsEntry("larkops.digest", v1).containsEntry("larkops.version", "1.0.0").containsEntry("larkops.deployed-by", "os:tester");
        List<SwarmTask> running = running("web1-staging");
        assertThat(running).hasSize(2).allSatisfy(t -> {
            assertThat(t.digest()).isEqualTo(v1);
            assertThat(t.node()).isEqualTo("lksw-node-b");
        });
        // the task containers carry the same labels: the node's engine alone says what runs there
        String labels = swarm.dockerOn("b", "ps", "--filter", "label=larkops.service=web1", "--format", "{{.Labels}}");
        assertThat(labels.lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).contains("larkops.digest=" + v1)
                .contains("larkops.release-id="));
        assertThat(r.text()).contains("task 1 on lksw-node-b").contains("task 2 on lksw-node-b");
    }

    @Test
    void memoryCpusAndVolumesAreInTheServiceSpecAndOnItsTasks() {
        // the spec as the manager stores it
        String limits = swarm.docker("service", "inspect", "--format", "{{json .Spec.TaskTemplate.Resources.Limits}}", SERVICE).strip();
        assertThat(limits).contains("\"MemoryBytes\":" + 96L * 1024 * 1024).contains("\"NanoCPUs\":500000000");
        String mounts = swarm.docker("service", "inspect", "--format", "{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}", SERVICE);
        assertThat(mounts).contains("\"Type\":\"bind\"").contains("\"Source\":\"" + volume + "\"")
                .contains("\"Target\":\"/shared\"").contains("\"ReadOnly\":true");
        // and what the worker's engine applied to each task container
        for (String id : swarm.dockerOn("b", "ps", "-q", "--filter", "label=larkops.service=web").strip().lines().toList()) {
            assertThat(swarm.dockerOn("b", "inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", id).strip())
                    .isEqualTo(96L * 1024 * 1024 + " 500000000");
            assertThat(swarm.dockerOn("b", "exec", id, "/bin/busybox", "cat", "/shared/marker")).isEqualTo("mounted-" + repo);
        }
        assertThat(swarm.dockerOn("b", "ps", "-q", "--filter", "label=larkops.service=web").strip().lines()).hasSize(2);
    }

    @Test
    void aSecondDeployRollsStartFirstWithoutLosingCapacity() throws Exception {
        deployed("web3", "1.0.0");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger minRunning = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger samples = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    int n = running("web3-staging").size();
                    minRunning.accumulateAndGet(n, Math::min);
                    samples.incrementAndGet();
                } catch (RuntimeException e) {
                    // a read during the update may race the engine; the next sample counts
                }
            }
        });
        watcher.start();
        Reply r;
        try {
            r = router.route("tester", "/deploy web3 1.1.0");
        } finally {
            done.set(true);
            watcher.join();
        }
        assertThat(r.text()).as(r.text()).contains("live").contains(v2.substring(7, 19));
        assertThat(running("web3-staging")).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v2));
        assertThat(samples.get()).as("samples taken during the update").isGreaterThan(5);
        assertThat(minRunning.get()).as("healthy running tasks never fell below the replicas (start-first)").isGreaterThanOrEqualTo(2);
        assertThat(engine.swarmService("web3-staging").orElseThrow().previousImage()).contains(TestRegistry.get().host() + "/" + repo + "@" + v1);
    }

    @Test
    void aBrokenDeployIsRolledBackByTheEngineAndReported() {
        deployed("web4", "1.1.0");
        Reply r = router.route("tester", "/deploy web4 1.2.0");
        assertThat(r.text()).as(r.text()).contains("failed").contains("rolled back").contains(broken.substring(7, 19))
                .contains("rollback_completed");
        SwarmService s = engine.swarmService("web4-staging").orElseThrow();
        assertThat(s.image()).endsWith("@" + v2);
        assertThat(running("web4-staging")).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v2));
        assertThat(router.route("tester", "/history web4 1").text()).contains("1.2.0").contains("failed");
    }

    @Test
    void rollbackIsAnUpdateToAnEarlierDigestThroughTheSamePlan() {
        deployed("web5", "1.0.0", "1.1.0");
        Reply r = router.route("tester", "/rollback web5 staging to 1.0.0");
        assertThat(r.text()).as(r.text()).contains("live").contains(v1.substring(7, 19));
        assertThat(engine.swarmService("web5-staging").orElseThrow().image()).endsWith("@" + v1);
        assertThat(running("web5-staging")).hasSize(2).allSatisfy(t -> assertThat(t.digest()).isEqualTo(v1));
    }

    @Test
    void statusListsTheNodesAndTheirTasks() {
        Reply reply = router.route("tester", "/status");
        String status = reply.text();
        assertThat(status).contains("nodes: 2").contains("lksw-node-a").contains("lksw-node-b").contains("ready/active")
                .contains("web-staging.1").contains("manager").contains("worker");
        // the card (what chat shows) has the same nodes and tasks per node, and is valid card JSON 2.0
        Map<String, Object> card = reply.card().orElseThrow();
        assertThat(com.larkops.cards.CardSchema.load().validate(card)).isEmpty();
        String nodes = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(card).findParents("tag").stream()
                .filter(n -> n.path("tag").asText().equals("markdown")).map(n -> n.path("content").asText())
                .filter(t -> t.startsWith("**Nodes: 2**")).findFirst().orElseThrow();
        assertThat(nodes.lines().filter(l -> l.startsWith("| lksw-node-a ")).findFirst().orElseThrow())
                .contains("| manager |").contains("ready/active").contains("no tasks");
        assertThat(nodes.lines().filter(l -> l.startsWith("| lksw-node-b ")).findFirst().orElseThrow())
                .contains("| worker |").contains("ready/active").contains("web-staging.1").contains("web-staging.2");
        String digest = router.route("tester", "/digest web").text();
        assertThat(digest).contains(v1).doesNotContain("DRIFT");
    }

    @Test
    void digestShowsDriftWhenOneTaskRunsAnotherDigest() {
        deployed("web7", "1.0.0");
        // an out-of-band update that stops after its first task (the next batch waits an hour): tasks differ
        String image = TestRegistry.get().host() + "/" + repo + "@" + v2;
        swarm.docker("service", "update", "--detach", "--image", image, "--update-parallelism", "1", "--update-delay", "1h",
                "--update-monitor", "1s", "web7-staging");
        Poll.until("one task on " + v2, Duration.ofSeconds(60), () -> running("web7-staging").stream().anyMatch(t -> t.digest().equals(v2)));
        assertThat(running("web7-staging")).extracting(SwarmTask::digest).contains(v1, v2);
        String digest = router.route("tester", "/digest web7").text();
        assertThat(digest).contains("DRIFT").contains("1 of 2 task(s) run another digest").contains(v1).contains(v2);
    }

    private static List<SwarmTask> running(String swarmService) {
        return engine.swarmTasks(swarmService).stream().filter(SwarmTask::running).toList();
    }
}
