package com.larkops.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.larkops.config.SwarmServiceConfig;
import com.larkops.runtime.SwarmRuntime;
import com.larkops.runtime.SwarmSpec;
import com.larkops.runtime.SwarmTask;
import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import com.larkops.testing.TestSwarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Issue 27 part 2: a larkops Swarm rolling update seen from OUTSIDE, through the chat — a signed {@code /deploy}
 * event posted to the running bot until the final card at (fake) Lark says {@code live in staging} — against
 * {@code docker service update --image <repo>@<digest>} of an identical service (same engine spec: replicas,
 * health check, update and rollback config) from the CLI's start until it exits (it waits for the update to
 * complete, as the card does). Both on the real two-node {@link TestSwarm}, 2 replicas spread over both nodes,
 * the default health timing (interval 2 s, retries 3, start period 5 s). Beside each, when a 50 ms poller saw
 * the engine's UpdateStatus {@code completed} with every task on the digest: the part of "done" that is the
 * engine's. The order alternates per round. Prints medians and the ratio; asserts nothing.
 * Run: {@code bench/swarm-outside} (root).
 */
public final class SwarmOutsideBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int REPLICAS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String HEALTH = "printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc 127.0.0.1 8080 | /bin/busybox grep -q ' 200 '";

    private final String suffix = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    private final String repo = "swout/app" + suffix;
    private final String svc = "swo" + suffix;
    private final String floor = "swout-floor-" + suffix;
    private TestSwarm swarm;
    private SwarmRuntime engine;
    private BotHarness bot;

    public static void main(String[] args) throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        SwarmOutsideBench bench = new SwarmOutsideBench();
        try {
            bench.run();
        } finally {
            bench.cleanUp();
        }
        System.exit(0);
    }

    private void run() {
        swarm = TestSwarm.get();
        String host = TestRegistry.get().host();
        List<String> digests = new ArrayList<>();
        for (int i = 0; i <= ROUNDS; i++) {
            digests.add(TestImages.push(host, repo, "1." + i + ".0", "1." + i + ".0", TestImages.Kind.HEALTHY));
        }
        engine = new SwarmRuntime(swarm.dockerHost(), host, "", "");
        bot = new BotHarness(config(host)).withEnv("DOCKER_HOST", swarm.dockerHost()).start();
        ReplyClock replies = new ReplyClock(bot.lark);
        BenchChat chat = new BenchChat(bot, replies, "om_swo_" + suffix + "_", TIMEOUT);
        OutsidePost post = new OutsidePost(bot);
        chat.command("/deploy " + svc + " 1.0.0", "live in staging");
        SwarmServiceConfig c = new SwarmServiceConfig(REPLICAS, 1, List.of(), List.of("CMD", "/bin/busybox", "sh", "-c", HEALTH),
                SwarmServiceConfig.DEFAULT_INTERVAL, SwarmServiceConfig.DEFAULT_RETRIES, SwarmServiceConfig.DEFAULT_START_PERIOD);
        engine.applySwarmService(new SwarmSpec(floor, image(host, digests.get(0)), Map.of(), List.of(), REPLICAS, 1, List.of(),
                c.healthTest(), c.healthInterval(), c.probeTimeout(), c.healthRetries(), c.healthStartPeriod(), c.monitor(),
                Duration.ofSeconds(10)));
        awaitDone(floor, digests.get(0), System.nanoTime());

        List<Long> ours = new ArrayList<>();
        List<Long> oursApplied = new ArrayList<>();
        List<Long> theirsApplied = new ArrayList<>();
        List<Long> oursEngine = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        List<Long> theirsEngine = new ArrayList<>();
        for (int i = 1; i <= ROUNDS; i++) {
            String d = digests.get(i);
            boolean floorFirst = i % 2 == 0;
            if (floorFirst) {
                floorOnce(host, d, theirs, theirsApplied, theirsEngine);
            }
            String id = chat.nextMessageId();
            LarkEventFactory.Delivery event = chat.event(id, "/deploy " + svc + " 1." + i + ".0");
            CompletableFuture<ReplyClock.Arrival> replied = replies.expect(id, "live in staging");
            BenchReport.pause(300);
            long t0 = System.nanoTime();
            CompletableFuture<Long> applied = CompletableFuture.supplyAsync(() -> awaitApplied(svc + "-staging", d, t0));
            CompletableFuture<Long> engineDone = CompletableFuture.supplyAsync(() -> awaitDone(svc + "-staging", d, t0));
            post.send(event);
            long card = ReplyClock.await(replied, TIMEOUT, "deploy round " + i).nanos() - t0;
            ours.add(card);
            oursEngine.add(engineDone.join());
            oursApplied.add(applied.join());
            if (!floorFirst) {
                floorOnce(host, d, theirs, theirsApplied, theirsEngine);
            }
            System.out.printf("round %d: larkops %.1f s (engine done at %.1f s), floor %.1f s (engine done at %.1f s)%n", i,
                    ours.get(ours.size() - 1) / 1e9, oursEngine.get(oursEngine.size() - 1) / 1e9, theirs.get(theirs.size() - 1) / 1e9,
                    theirsEngine.get(theirsEngine.size() - 1) / 1e9);
        }
        print(ours, oursEngine, theirs, theirsEngine);
        row("larkops: event sent -> the service's spec names the digest (the bot's head)", oursApplied);
        row("floor: CLI started -> the service's spec names the digest", theirsApplied);
    }

    /** One floor sample: the CLI's update, blocking (no --detach), from its start to its exit. */
    private void floorOnce(String host, String digest, List<Long> theirs, List<Long> theirsApplied, List<Long> theirsEngine) {
        BenchReport.pause(300);
        long t0 = System.nanoTime();
        CompletableFuture<Long> applied = CompletableFuture.supplyAsync(() -> awaitApplied(floor, digest, t0));
        CompletableFuture<Long> engineDone = CompletableFuture.supplyAsync(() -> awaitDone(floor, digest, t0));
        swarm.docker("service", "update", "--quiet", "--image", image(host, digest), floor);
        theirs.add(System.nanoTime() - t0);
        theirsEngine.add(engineDone.join());
        theirsApplied.add(applied.join());
    }

    /** Nanoseconds from {@code t0} until the manager's spec of {@code service} names {@code digest} (the update was applied). */
    private long awaitApplied(String service, String digest, long t0) {
        long deadline = t0 + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (engine.swarmService(service).orElseThrow().image().endsWith("@" + digest)) {
                    return System.nanoTime() - t0;
                }
            } catch (RuntimeException e) {
                // the next poll counts
            }
            BenchReport.pause(20);
        }
        throw new IllegalStateException(service + " never named " + digest + " within " + TIMEOUT);
    }

    /** Nanoseconds from {@code t0} until the engine says the update completed and every task runs {@code digest}. */
    private long awaitDone(String service, String digest, long t0) {
        long deadline = t0 + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var s = engine.swarmService(service).orElseThrow();
                List<SwarmTask> running = engine.swarmTasks(service).stream().filter(SwarmTask::running).toList();
                if (s.image().endsWith("@" + digest) && s.updateState().map(u -> u.equals("completed")).orElse(true)
                        && running.size() == REPLICAS && running.stream().allMatch(t -> t.digest().equals(digest))) {
                    return System.nanoTime() - t0;
                }
            } catch (RuntimeException e) {
                // the next poll counts
            }
            BenchReport.pause(50);
        }
        throw new IllegalStateException(service + " not done on " + digest + " within " + TIMEOUT);
    }

    private void print(List<Long> ours, List<Long> oursEngine, List<Long> theirs, List<Long> theirsEngine) {
        System.out.printf("%nSwarm rolling update of %d replicas over 2 nodes, %d rounds (order alternating)%n", REPLICAS, ROUNDS);
        System.out.printf("%-70s %8s  %s%n", "", "median", "samples (ms)");
        row("larkops: signed /deploy event sent -> final card 'live' at Lark", ours);
        row("larkops: ... -> engine UpdateStatus completed, all tasks on the digest", oursEngine);
        row("floor: docker service update --image (blocking) start -> exit", theirs);
        row("floor: ... -> engine UpdateStatus completed, all tasks on the digest", theirsEngine);
        double ratio = median(ours) / median(theirs);
        System.out.printf("RATIO larkops/floor (medians) %.2f (target <= 1.2: %s)%n", ratio, ratio <= 1.2 ? "met" : "MISSED");
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            after.add(ours.get(i) - oursEngine.get(i));
        }
        row("larkops: engine completed -> final card (the bot's own tail)", after);
        System.out.println(BenchReport.loadAverage());
    }

    private static void row(String name, List<Long> nanos) {
        StringBuilder samples = new StringBuilder();
        nanos.forEach(n -> samples.append(String.format(" %.0f", n / 1e6)));
        System.out.printf("%-70s %8.1f %s%n", name, median(nanos), samples);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        return (n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0) / 1e6;
    }

    private String image(String host, String digest) {
        return host + "/" + repo + "@" + digest;
    }

    private String config(String host) {
        return """
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                runtime: swarm
                services:
                  %s:
                    repository: %s
                    soak: 1h
                    health_timeout: 30s
                    stop_grace: 10s
                    replicas: %d
                    update_parallelism: 1
                    health_cmd: [/bin/busybox, sh, -c, "%s"]
                """.formatted(host, svc, repo, REPLICAS, HEALTH.replace("\\", "\\\\"));
    }

    private void cleanUp() {
        if (bot != null) {
            bot.close();
        }
        if (engine != null) {
            engine.removeSwarmService(floor);
            engine.removeSwarmService(svc + "-staging");
        }
    }

    /** Posts a signed event to the bot's port as Lark would, on a fresh connection each time. */
    private record OutsidePost(BotHarness bot) {
        void send(LarkEventFactory.Delivery event) {
            CompletableFuture.runAsync(() -> bot.post(event));
        }
    }
}
