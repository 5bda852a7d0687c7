package com.larkops.bench;

import com.larkops.app.InProcessRouter;
import com.larkops.command.Reply;
import com.larkops.runtime.SwarmRuntime;
import com.larkops.runtime.SwarmSpec;
import com.larkops.runtime.SwarmTask;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Rolling update of a 3-replica Swarm service: {@code /deploy} (through the router, as from chat or the shell)
 * against the floor, {@code docker service update --image …@digest} of an identical service. Both are
 * timed the same way: from the command to the moment a poller sees all 3 tasks running on the new digest.
 * Also printed: when our command returned (it waits for the engine's monitor window after the last batch,
 * i.e. for UpdateStatus completed) and when the floor's UpdateStatus said completed. Printed, never asserted.
 *
 * <p>{@code mvn -B -q -Pbench -pl bot test-compile exec:java -Dbench.main=com.larkops.bench.SwarmBench} (root, like SwarmIT).
 */
public final class SwarmBench {
    static final String HEALTH = "printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        TestSwarm swarm = TestSwarm.get();
        TestRegistry registry = TestRegistry.get();
        String repo = "bench/swarm-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> digests = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            digests.add(TestImages.push(registry.host(), repo, "1." + i + ".0", "1." + i + ".0", TestImages.Kind.HEALTHY));
        }
        Path dir = Files.createTempDirectory("larkops-swarmbench");
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: %s
                runtime: swarm
                services:
                  web:
                    repository: %s
                    soak: 1h
                    health_timeout: 20s
                    stop_grace: 2s
                    replicas: 3
                    update_parallelism: 1
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                    health_interval: 1s
                    health_retries: 2
                    health_start_period: 1s
                """.formatted(registry.host(), repo, HEALTH.replace("\\", "\\\\")));
        SwarmRuntime engine = new SwarmRuntime(swarm.dockerHost(), registry.host(), "", "");
        String floor = "floor-web";
        try (InProcessRouter router = new InProcessRouter(Map.of("LARKOPS_CONFIG", config.toString(),
                "LARKOPS_DATA_DIR", dir.resolve("data").toString(), "DOCKER_HOST", swarm.dockerHost()))) {
            check(router.route("bench", "/deploy web 1.0.0"));
            // the floor service: the very spec larkops applies (same health, update config, replicas), first digest
            SwarmSpec ours = specOf(engine, "web-staging");
            engine.applySwarmService(new SwarmSpec(floor, ours.image(), Map.of(), List.of(), 3, 1, List.of(), ours.healthTest(),
                    ours.healthInterval(), ours.healthTimeout(), ours.healthRetries(), ours.healthStartPeriod(), ours.monitor(),
                    ours.stopGrace()));
            await(() -> allOn(engine, floor, digests.get(0)), Duration.ofMinutes(2));
            System.out.printf("%-6s %-28s %-28s %-28s %-28s %s%n", "round", "larkops: all tasks on new", "larkops: command returned",
                    "floor: all tasks on new", "floor: UpdateStatus done", "ratio (all tasks on new)");
            for (int i = 1; i <= rounds; i++) {
                String d = digests.get(i);
                long t0 = System.nanoTime();
                Poller p = Poller.start(() -> allOn(engine, "web-staging", d));
                check(router.route("bench", "/deploy web 1." + i + ".0"));
                long returned = System.nanoTime() - t0;
                long oursAll = p.await(Duration.ofMinutes(3)) - t0;

                long f0 = System.nanoTime();
                Poller fp = Poller.start(() -> allOn(engine, floor, d));
                swarm.docker("service", "update", "--detach", "--image", registry.host() + "/" + repo + "@" + d, floor);
                long floorAll = fp.await(Duration.ofMinutes(3)) - f0;
                await(() -> engine.swarmService(floor).orElseThrow().updateState().orElse("").equals("completed"), Duration.ofMinutes(3));
                long floorDone = System.nanoTime() - f0;
                System.out.printf("%-6d %-28s %-28s %-28s %-28s %.2fx%n", i, ms(oursAll), ms(returned), ms(floorAll), ms(floorDone),
                        (double) oursAll / floorAll);
            }
        } finally {
            engine.removeSwarmService(floor);
            engine.removeSwarmService("web-staging");
        }
        System.exit(0);
    }

    static SwarmSpec specOf(SwarmRuntime engine, String service) {
        var s = engine.swarmService(service).orElseThrow();
        // the planner's values for this config: interval 1 s, probe timeout 3 s, retries 2, start 1 s
        com.larkops.config.SwarmServiceConfig c = new com.larkops.config.SwarmServiceConfig(3, 1, List.of(),
                List.of("CMD", "/bin/busybox", "sh", "-c", HEALTH), Duration.ofSeconds(1), 2, Duration.ofSeconds(1));
        return new SwarmSpec(service, s.image(), Map.of(), List.of(), 3, 1, List.of(), c.healthTest(), c.healthInterval(),
                c.probeTimeout(), c.healthRetries(), c.healthStartPeriod(), c.monitor(), Duration.ofSeconds(2));
    }

    static boolean allOn(SwarmRuntime engine, String service, String digest) {
        List<SwarmTask> running = engine.swarmTasks(service).stream().filter(SwarmTask::running).toList();
        return running.size() == 3 && running.stream().allMatch(t -> t.digest().equals(digest));
    }

    static void check(Reply r) {
        if (!r.text().contains("live")) {
            throw new IllegalStateException("deploy did not go live: " + r.text());
        }
    }

    static String ms(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    static void await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + timeout);
            }
            sleep(50);
        }
    }

    /** Polls every 50 ms on its own thread; remembers the first time the condition held. */
    static final class Poller {
        private volatile long at = -1;
        private final Thread thread;

        private Poller(BooleanSupplier done) {
            thread = new Thread(() -> {
                while (at < 0) {
                    try {
                        if (done.getAsBoolean()) {
                            at = System.nanoTime();
                            return;
                        }
                    } catch (RuntimeException e) {
                        // the next poll counts
                    }
                    sleep(50);
                }
            }, "swarm-bench-poller");
            thread.setDaemon(true);
        }

        static Poller start(BooleanSupplier done) {
            Poller p = new Poller(done);
            p.thread.start();
            return p;
        }

        long await(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            if (at < 0) {
                throw new IllegalStateException("not converged within " + timeout);
            }
            return at;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
