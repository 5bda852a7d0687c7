package com.larkops.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.larkops.app.InProcessRouter;
import com.larkops.command.Reply;
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
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Release latencies on the real engine: {@code /rollback <svc> staging to 1.0.0} against the floor of
 * {@code docker start} of an identical stopped container plus its first 2xx health probe, measured in the
 * same run; and {@code /digest all} over 20 running services, in process and through Lark. Prints figures,
 * asserts nothing. Run: {@code mvn -B -q -Pbench -pl bot test-compile exec:java -Dbench.main=com.larkops.bench.ReleaseBench}
 */
public final class ReleaseBench {
    private static final int ROLLBACKS = Integer.getInteger("bench.rollbacks", 10);
    private static final int DIGESTS = Integer.getInteger("bench.digests", 50);
    private static final int SERVICES = 20;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(90);

    private final String suffix = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    private final String repo = "relbench/app" + suffix;
    private final String network = "larkops-bench-" + suffix;
    private final String floorName = "relbench-floor-" + suffix;
    private final List<String> services = new ArrayList<>();
    private String v1;
    private String v2;
    private BotHarness bot;
    private ReplyClock replies;
    private BenchChat chat;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        ReleaseBench bench = new ReleaseBench();
        try {
            bench.run();
        } finally {
            bench.cleanUp();
        }
    }

    private void run() {
        for (int i = 0; i < SERVICES; i++) {
            services.add("rb" + suffix + "-s" + i);
        }
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, repo, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v2 = TestImages.push(host, repo, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness(config(host)).start();
        Trace.listen(t -> traces.put(t.key(), t));
        replies = new ReplyClock(bot.lark);
        chat = new BenchChat(bot, replies, "om_rb_" + suffix + "_", REPLY_TIMEOUT);
        String svc = services.get(0);
        CpuShare cpu = new CpuShare();
        try (DockerRuntime runtime = DockerRuntime.fromEnvironment();
             ServingPoller poller = new ServingPoller(network, 8080, "/healthz")) {
            chat.command("/deploy " + svc + " 1.0.0", "live in staging");
            chat.command("/deploy " + svc + " 2.0.0", "live in staging");
            String kept = TestImages.run(null, "docker", "ps", "-a", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + svc,
                    "--filter", "label=larkops.digest=" + v1).strip();
            prepareFloor(runtime, poller, host + "/" + repo + "@" + v1);
            for (int i = 0; i < 2; i++) { // warm-up: JIT, connection pools, the engine's caches
                chat.command("/rollback " + svc + " staging to 1.0.0", "live in staging");
                chat.command("/deploy " + svc + " 2.0.0", "live in staging");
                floorOnce(runtime, poller);
            }
            Latencies floor = new Latencies(ROLLBACKS);
            Latencies reply = new Latencies(ROLLBACKS);
            Latencies serving = new Latencies(ROLLBACKS);
            Latencies outsideFloor = new Latencies(ROLLBACKS);
            Latencies outsideFloorSameClock = new Latencies(ROLLBACKS);
            Latencies outsideServing = new Latencies(ROLLBACKS);
            OutsideClient outside = new OutsideClient(network, 8080, "/healthz");
            Map<String, List<String>> serviceFilter = Map.of("label", List.of("larkops.service=" + svc, "larkops.env=staging"));
            Map<String, List<String>> floorFilter = Map.of("name", List.of(floorName));
            List<String> executorSays = new ArrayList<>();
            List<String> timed = new ArrayList<>();
            long lastPostedMs = 0;
            long lastOutsideSent = 0;
            for (int i = 0; i < ROLLBACKS; i++) {
                // in process: docker-java start / inspect + probe every 5 ms, the event posted by the bench
                floor.record(floorOnce(runtime, poller));
                String messageId = chat.nextMessageId();
                timed.add(messageId);
                LarkEventFactory.Delivery event = chat.event(messageId, "/rollback " + svc + " staging to 1.0.0");
                CompletableFuture<ReplyClock.Arrival> replied = replies.expect(messageId, "live in staging");
                long t0 = System.nanoTime();
                lastPostedMs = System.currentTimeMillis();
                bot.post(event);
                long served = poller.awaitServing(kept, svc + "-staging", REPLY_TIMEOUT);
                ReplyClock.Arrival answered = ReplyClock.await(replied, REPLY_TIMEOUT, "rollback " + i);
                serving.record(served - t0);
                reply.record(answered.nanos() - t0);
                var took = java.util.regex.Pattern.compile("live in staging in ([0-9.]+ ?m?s)").matcher(answered.body());
                executorSays.add(took.find() ? took.group(1) : "?");
                chat.command("/deploy " + svc + " 2.0.0", "live in staging");

                // outside: engine API start / listing + probe every 50 ms, the event posted by the outside client
                long f0 = System.nanoTime();
                outside.start(floorName);
                outsideFloor.record(outside.awaitServing(floorFilter, null, REPLY_TIMEOUT) - f0);
                outside.stop(floorName);
                // the same floor on the rollback's clock: polling starts when the start request leaves, not when it returns
                long s0 = System.nanoTime();
                CompletableFuture<Void> started = outside.startSent(floorName);
                outsideFloorSameClock.record(outside.awaitServing(floorFilter, null, REPLY_TIMEOUT) - s0);
                started.join();
                outside.stop(floorName);
                String outsideId = chat.nextMessageId();
                timed.add(outsideId);
                LarkEventFactory.Delivery outsideEvent = chat.event(outsideId, "/rollback " + svc + " staging to 1.0.0");
                CompletableFuture<ReplyClock.Arrival> outsideReplied = replies.expect(outsideId, "live in staging");
                long o0 = System.nanoTime();
                lastOutsideSent = o0;
                outside.send(bot.port(), outsideEvent);
                outsideServing.record(outside.awaitServing(serviceFilter, v1, REPLY_TIMEOUT) - o0);
                ReplyClock.await(outsideReplied, REPLY_TIMEOUT, "outside rollback " + i);
                chat.command("/deploy " + svc + " 2.0.0", "live in staging");
            }
            double rollbackOthers = cpu.othersPercent();
            printRollback(floor.summary(), serving.summary(), reply.summary(), executorSays, rollbackOthers);
            printOutside(outsideFloor.summary(), outsideFloorSameClock.summary(), outsideServing.summary(), serving.summary(),
                    floor.summary());
            printStages(timed);
            AuditSteps.print(bot.dataDir, lastPostedMs, "last rollback, audit-log stamps after the event was posted (ms):", "/deploy");
            printLarkCalls(lastOutsideSent);

            CpuShare digestCpu = new CpuShare();
            for (int i = 1; i < SERVICES; i++) {
                chat.command("/deploy " + services.get(i) + " 1.0.0", "live in staging");
            }
            digestAll(digestCpu);
        }
    }

    private void digestAll(CpuShare cpu) {
        Latencies inProcess = new Latencies(DIGESTS);
        Latencies viaLark = new Latencies(DIGESTS);
        String sample;
        try (InProcessRouter router = new InProcessRouter(bot.env())) {
            for (int i = 0; i < 10; i++) {
                router.route("bench", "/digest all");
            }
            Reply last = null;
            for (int i = 0; i < DIGESTS; i++) {
                long t0 = System.nanoTime();
                last = router.route("bench", "/digest all");
                inProcess.record(System.nanoTime() - t0);
            }
            sample = last.card().map(String::valueOf).orElse(last.text());
        }
        for (int i = 0; i < 10 + DIGESTS; i++) {
            String messageId = chat.nextMessageId();
            LarkEventFactory.Delivery event = chat.event(messageId, "/digest all");
            CompletableFuture<ReplyClock.Arrival> replied = replies.expect(messageId, "known-good");
            // untimed: the bot sends at most 5 messages a second to one chat (Lark's limit); wait out that gap
            // so the figure is the bot's answer, not the rate gate
            BenchReport.pause(CHAT_GAP_MS);
            long t0 = System.nanoTime();
            bot.post(event);
            long answered = ReplyClock.await(replied, REPLY_TIMEOUT, "/digest all").nanos();
            if (i >= 10) {
                viaLark.record(answered - t0);
            }
        }
        long running = java.util.regex.Pattern.compile("\\| staging \\| [12]\\.0\\.0 \\|").matcher(sample).results().count();
        System.out.printf("%n/digest all, %d services (%d running in staging, deployed through the bot), %d runs after 10 warm-up%n",
                SERVICES, running, DIGESTS);
        System.out.printf("%-34s %8s %8s %8s %8s%n", "", "p50 ms", "p90 ms", "p99 ms", "max ms");
        row("in-process router (as the shell)", inProcess.summary());
        row("signed event -> reply at Lark", viaLark.summary());
        System.out.printf("target p50 < 50 ms (in process): %s; reply %d chars; others cpu %.0f%%%n",
                inProcess.summary().p50() < 50 ? "met" : "MISSED", sample.length(), cpu.othersPercent());
    }

    private void printRollback(Latencies.Summary floor, Latencies.Summary serving, Latencies.Summary reply,
                               List<String> executorSays, double others) {
        System.out.printf("%n/rollback %s staging to 1.0.0 (kept container restarted), %d runs after 2 warm-up%n",
                services.get(0), ROLLBACKS);
        System.out.printf("%-44s %8s %8s %8s%n", "", "p50 ms", "p90 ms", "max ms");
        rowShort("floor: docker start (docker-java) + first 2xx", floor);
        rowShort("rollback: event -> alias serving 1.0.0", serving);
        rowShort("rollback: event -> final reply at Lark", reply);
        System.out.printf("ratio serving/floor p50 %.2f, p90 %.2f; reply/floor p50 %.2f, p90 %.2f (target <= 1.2)%n",
                serving.p50() / floor.p50(), serving.p90() / floor.p90(), reply.p50() / floor.p50(), reply.p90() / floor.p90());
        System.out.println("executor's own 'live in' figures: " + executorSays);
        System.out.printf("others cpu during the rollback runs: %.0f%%%n", others);
    }

    private void printOutside(Latencies.Summary floor, Latencies.Summary floorSameClock, Latencies.Summary serving,
                              Latencies.Summary inServing, Latencies.Summary inFloor) {
        System.out.printf("%nfrom OUTSIDE (a client talking only HTTP: event to the bot; engine listing then health probe every %d ms)%n",
                OutsideClient.PAUSE_MS);
        System.out.printf("%-52s %8s %8s %8s%n", "", "p50 ms", "p90 ms", "max ms");
        System.out.printf("%-52s %8.1f %8.1f %8.1f%n", "floor: engine API start returned, then first 2xx", floor.p50(), floor.p90(), floor.max());
        System.out.printf("%-52s %8.1f %8.1f %8.1f%n", "floor, same clock: start sent, polled from then on", floorSameClock.p50(),
                floorSameClock.p90(), floorSameClock.max());
        System.out.printf("%-52s %8.1f %8.1f %8.1f%n", "rollback: event sent -> 1.0.0 serving", serving.p50(), serving.p90(), serving.max());
        System.out.printf("OUTSIDE ratio rollback/floor p50 %.2f, p90 %.2f (target <= 1.2); same clock p50 %.2f, p90 %.2f; in process p50 %.2f%n",
                serving.p50() / floor.p50(), serving.p90() / floor.p90(), serving.p50() / floorSameClock.p50(),
                serving.p90() / floorSameClock.p90(), inServing.p50() / inFloor.p50());
        System.out.println("load: " + BenchReport.loadAverage());
    }

    /** Per stage, ms after the webhook request arrived: the median over all timed rollbacks (both kinds). */
    private void printStages(List<String> messageIds) {
        List<Trace> mine = messageIds.stream().map(traces::get).filter(java.util.Objects::nonNull).toList();
        System.out.printf("%nrollback stages, ms after the HTTP request arrived (median [max] of %d traced rollbacks):%n", mine.size());
        for (Trace.Stage stage : Trace.stages()) {
            long[] at = mine.stream().mapToLong(t -> t.sinceArrival(stage)).filter(n -> n >= 0).sorted().toArray();
            if (at.length > 0) {
                System.out.printf("  %-13s %8.1f [%7.1f]%n", stage.name().toLowerCase(), at[(at.length - 1) / 2] / 1e6,
                        at[at.length - 1] / 1e6);
            }
        }
    }

    /** Where the last timed rollback spent its time: the audit log stamps each plan step as it finishes (ms). */
    /** When the bot's card calls reached Lark during the last outside rollback: work that shares the 2 cores with the start. */
    private static final long CHAT_GAP_MS = 250;


    private void printLarkCalls(long sentNanos) {
        StringBuilder line = new StringBuilder("last outside rollback, Lark calls (ms after the event was sent):");
        for (ReplyClock.Call c : replies.callsSince(sentNanos).stream().limit(12).toList()) {
            line.append(String.format(" %s +%.0f,", c.what(), (c.nanos() - sentNanos) / 1e6));
        }
        System.out.println(line.substring(0, line.length() - 1));
    }

    private static void row(String name, Latencies.Summary s) {
        System.out.printf("%-34s %8.1f %8.1f %8.1f %8.1f%n", name, s.p50(), s.p90(), s.p99(), s.max());
    }

    private static void rowShort(String name, Latencies.Summary s) {
        System.out.printf("%-44s %8.1f %8.1f %8.1f%n", name, s.p50(), s.p90(), s.max());
    }

    /** The floor container: same image and network as the service, run once and stopped, like a kept container. */
    private void prepareFloor(DockerRuntime runtime, ServingPoller poller, String image) {
        runtime.create(new ContainerSpec(floorName, image, java.util.Map.of(), List.of(), network, List.of(), null, null,
                "unless-stopped"));
        floorOnce(runtime, poller);
    }

    /** docker start through docker-java, poll until 2xx; returns that time; stops it again (not timed). */
    private long floorOnce(DockerRuntime runtime, ServingPoller poller) {
        long t0 = System.nanoTime();
        runtime.start(floorName);
        long served = poller.awaitServing(floorName, null, REPLY_TIMEOUT);
        runtime.stop(floorName, Duration.ofSeconds(10));
        return served - t0;
    }

    private String config(String host) {
        StringBuilder yaml = new StringBuilder("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                network: %s
                services:
                """.formatted(host, network));
        for (String s : services) {
            yaml.append("  ").append(s).append(":\n    repository: ").append(repo)
                    .append("\n    port: 8080\n    health: /healthz\n    health_timeout: 30s\n");
        }
        return yaml.toString();
    }




    private void cleanUp() {
        if (bot != null) {
            bot.close();
        }
        BenchCleanup.removeAll(services, List.of(floorName), network, repo, v1, v2);
    }
}
