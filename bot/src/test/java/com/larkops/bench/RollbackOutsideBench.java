package com.larkops.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.larkops.command.Trace;
import com.larkops.runtime.ContainerSpec;
import com.larkops.runtime.DockerRuntime;
import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 24 part 2: {@code /rollback <svc>} measured from OUTSIDE to the rollback's whole end state — the kept
 * old container is the ONLY one running in the service/env and answers its health path — against the floor
 * for that same end state in the same run: {@code docker start} of a stopped copy of the old image until it
 * serves, then {@code docker stop} of a running copy of the new one. Both are seen by the same observer
 * ({@link OutsideClient#awaitOnly}: engine listing by labels, then the health probe, on a 50 ms grid from the
 * moment the event or the start left). Prints the medians and their ratio; asserts nothing.
 * Run: {@code bench/rollback-outside}.
 */
public final class RollbackOutsideBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long DRIVER_POLL_MS = 5;
    private static final long SETTLE_MS = 300;

    private final String suffix = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    private final String repo = "rbout/app" + suffix;
    private final String network = "larkops-rbout-" + suffix;
    private final String svc = "rbo" + suffix;
    private final String floorOld = "rbout-floor-old-" + suffix;
    private final String floorNew = "rbout-floor-new-" + suffix;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();
    private String v1;
    private String v2;
    private BotHarness bot;
    private ReplyClock replies;
    private OutsideClient outside;
    private BenchChat chat;

    public static void main(String[] args) throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        RollbackOutsideBench bench = new RollbackOutsideBench();
        try {
            bench.run();
        } finally {
            bench.cleanUp();
        }
    }

    private void run() throws Exception {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, repo, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness(config(host)).start();
        Trace.listen(t -> traces.put(t.key(), t));
        replies = new ReplyClock(bot.lark);
        chat = new BenchChat(bot, replies, "om_rbo_" + suffix + "_", TIMEOUT);
        outside = new OutsideClient(network, 8080, "/healthz");
        chat.command("/deploy " + svc + " 1.0.0", "live in staging");
        // the default rollback target is the last known-good digest: let 1.0.0 soak before 2.0.0 replaces it
        bot.passSoak(svc, "staging", Duration.ofSeconds(1));
        chat.command("/deploy " + svc + " 2.0.0", "live in staging");
        String kept = TestImages.run(null, "docker", "ps", "-a", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + svc,
                "--filter", "label=larkops.digest=" + v1).strip();
        prepareFloor(host);

        Map<String, List<String>> serviceFilter = Map.of("label", List.of("larkops.service=" + svc, "larkops.env=staging"));
        List<Long> floor = new ArrayList<>();
        List<Long> rollback = new ArrayList<>();
        List<Long> reply = new ArrayList<>();
        List<String> timed = new ArrayList<>();
        long lastSentMs = 0;
        CpuShare cpu = null;
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            if (i == WARMUP) {
                cpu = new CpuShare();
            }
            // alternate which goes first, and let the engine settle before each (untimed), so neither always
            // follows the other's after-work (the roll-forward's soak check, the floor's reset)
            boolean floorFirst = i % 2 == 0;
            long f = floorFirst ? settledFloor() : 0;
            String id = chat.nextMessageId();
            LarkEventFactory.Delivery event = chat.event(id, "/rollback " + svc);
            CompletableFuture<ReplyClock.Arrival> replied = replies.expect(id, "live in staging");
            BenchReport.pause(SETTLE_MS);
            long sentMs = System.currentTimeMillis();
            long t0 = System.nanoTime();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> outside.send(bot.port(), event));
            long seen = outside.awaitOnly(serviceFilter, kept, t0, TIMEOUT);
            sent.join();
            long answered = ReplyClock.await(replied, TIMEOUT, "rollback " + i).nanos();
            f = floorFirst ? f : settledFloor();
            if (i >= WARMUP) {
                floor.add(f);
                rollback.add(seen - t0);
                reply.add(answered - t0);
                timed.add(id);
                lastSentMs = sentMs;
            }
            chat.command("/deploy " + svc + " 2.0.0", "live in staging"); // roll forward, so the next rollback has work to do
        }
        double others = cpu == null ? Double.NaN : cpu.othersPercent();
        print(floor, rollback, reply, others);
        printStages(timed);
        AuditSteps.print(bot.dataDir, lastSentMs, "last rollback, audit-log stamps (ms after the event was sent):", "/rollback");
    }

    private long settledFloor() {
        BenchReport.pause(SETTLE_MS);
        return floorOnce();
    }

    /**
     * One floor sample. Before: the old copy stopped, the new copy running and serving. A driver thread starts
     * the old copy, probes it every {@value #DRIVER_POLL_MS} ms until it serves, then stops the new copy — the
     * bot's least work for a rollback. The observer looks on its grid from when the start left. After: back
     * to the state before (untimed).
     */
    private long floorOnce() {
        long t0 = System.nanoTime();
        CompletableFuture<Void> driver = CompletableFuture.runAsync(() -> {
            outside.start(floorOld);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String ip = "";
            while (!outside.servesAt(ip)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(floorOld + " did not serve within " + TIMEOUT);
                }
                BenchReport.pause(DRIVER_POLL_MS);
                ip = ip.isEmpty() ? outside.ipOf(floorOld) : ip;
            }
            outside.stop(floorNew);
        });
        long seen = outside.awaitOnly(floorFilter(), floorOld, t0, TIMEOUT);
        driver.join();
        outside.stop(floorOld);
        outside.start(floorNew);
        outside.awaitOnly(floorFilter(), floorNew, System.nanoTime(), TIMEOUT);
        return seen - t0;
    }

    private Map<String, List<String>> floorFilter() {
        return Map.of("label", List.of("relbench.floor=" + suffix));
    }

    /** The floor's two copies, made as the bot makes its containers (DockerRuntime.create: init, restart policy, network). */
    private void prepareFloor(String host) {
        try (DockerRuntime runtime = DockerRuntime.fromEnvironment()) {
            for (String[] c : List.of(new String[] {floorOld, v1}, new String[] {floorNew, v2})) {
                runtime.create(new ContainerSpec(c[0], host + "/" + repo + "@" + c[1], Map.of("relbench.floor", suffix), List.of(),
                        network, List.of("floor-" + suffix), null, null, "unless-stopped"));
            }
        }
        outside.start(floorOld); // run once, so it is a stopped container like the kept one
        outside.awaitOnly(floorFilter(), floorOld, System.nanoTime(), TIMEOUT);
        outside.stop(floorOld);
        outside.start(floorNew);
        outside.awaitOnly(floorFilter(), floorNew, System.nanoTime(), TIMEOUT);
    }

    private void print(List<Long> floor, List<Long> rollback, List<Long> reply, double others) {
        System.out.printf("%n/rollback %s (staging, last known-good: the kept 1.0.0 container), %d rounds after %d warm-up%n", svc,
                ROUNDS, WARMUP);
        System.out.printf("seen from OUTSIDE: engine listing (labels) + GET /healthz, on a %d ms grid from when the event / the start left;%n",
                OutsideClient.PAUSE_MS);
        System.out.println("end state: the old container is the ONLY one running there and answers /healthz");
        System.out.printf("%-64s %8s  %s%n", "", "median", "samples (ms)");
        row("floor: start old, probe every " + DRIVER_POLL_MS + " ms until it serves, stop new", floor);
        row("rollback: signed event sent -> only the old one runs, serving", rollback);
        row("rollback: signed event sent -> final card at Lark", reply);
        double ratio = median(rollback) / median(floor);
        System.out.printf("RATIO rollback/floor (medians) %.2f (target <= 1.2: %s)%n", ratio, ratio <= 1.2 ? "met" : "MISSED");
        // each rollback against the floor taken next to it: less moved by a load that drifts over the run
        List<Long> paired = new ArrayList<>();
        for (int i = 0; i < rollback.size(); i++) {
            paired.add(Math.round(1e6 * rollback.get(i) / (double) floor.get(i)));
        }
        System.out.printf("median of the per-round ratios %.2f%n", median(paired));
        System.out.printf("others cpu during the rounds: %.0f%%; %s%n", others, BenchReport.loadAverage());
    }

    private static void row(String name, List<Long> nanos) {
        StringBuilder samples = new StringBuilder();
        nanos.forEach(n -> samples.append(String.format(" %.0f", n / 1e6)));
        System.out.printf("%-64s %8.1f %s%n", name, median(nanos), samples);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        return (n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0) / 1e6;
    }

    /** Per stage of the bot's path, ms after the webhook request arrived: median [max] over the timed rollbacks. */
    private void printStages(List<String> messageIds) {
        List<Trace> mine = messageIds.stream().map(traces::get).filter(java.util.Objects::nonNull).toList();
        System.out.printf("%nrollback stages, ms after the HTTP request arrived (median [max] of %d):%n", mine.size());
        for (Trace.Stage stage : Trace.stages()) {
            long[] at = mine.stream().mapToLong(t -> t.sinceArrival(stage)).filter(n -> n >= 0).sorted().toArray();
            if (at.length > 0) {
                System.out.printf("  %-13s %8.1f [%7.1f]%n", stage.name().toLowerCase(), at[(at.length - 1) / 2] / 1e6,
                        at[at.length - 1] / 1e6);
            }
        }
        // what the bot does beyond the floor's own calls: up to the start, from the start's return to the gate's
        // first probe, and from healthy to issuing the stop
        long[] own = mine.stream().mapToLong(t -> t.sinceArrival(Trace.Stage.STARTING)
                + t.sinceArrival(Trace.Stage.FIRST_PROBE) - t.sinceArrival(Trace.Stage.STARTED)
                + t.sinceArrival(Trace.Stage.RETIRING) - t.sinceArrival(Trace.Stage.HEALTHY)).sorted().toArray();
        if (own.length > 0) {
            System.out.printf("  the bot's own work on the path (arrived->starting + started->first_probe + healthy->retiring): "
                    + "median %.1f ms, max %.1f ms%n", own[(own.length - 1) / 2] / 1e6, own[own.length - 1] / 1e6);
        }
    }

    private String config(String host) {
        return """
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                network: %s
                services:
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    health_timeout: 30s
                    soak: 1s
                """.formatted(host, network, svc, repo);
    }




    private void cleanUp() {
        if (bot != null) {
            bot.close();
        }
        BenchCleanup.removeAll(List.of(svc), List.of(floorOld, floorNew), network, repo, v1, v2);
    }
}
