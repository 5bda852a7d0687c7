package com.larkops.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.larkops.testing.BotHarness;
import com.larkops.testing.ChunkedUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a 1.2 GB chunked body (no Content-Length, generated on the fly) to a real bot's endpoints and prints,
 * per case, the answer, the time to it, how much was sent, and how far this JVM's resident set grew (sampled
 * from /proc/self/status every 2 ms during the upload). Asserts nothing. Run:
 * {@code mvn -B -q -Pbench -pl bot test-compile exec:java -Dbench.main=com.larkops.bench.BodyBench}.
 */
public final class BodyBench {
    private static final long SIZE = Long.getLong("bench.bodyBytes", 1_200_000_000L);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final String TOKEN = "events-" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        try (BotHarness bot = new BotHarness("registry: 127.0.0.1:5999\nchats: [oc_ops]\nservices: {}\n")
                .withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", TOKEN).start()) {
            System.out.printf("%-36s %6s %12s %16s %16s %14s%n", "case (body %,d bytes, chunked)".formatted(SIZE), "status",
                    "answer ms", "sent at answer", "sent in all", "RSS growth MB");
            for (int round = 0; round < ROUNDS; round++) {
                run(bot, "/registry/events, wrong token", "/registry/events", "Bearer wrong-token-wrong-token");
                run(bot, "/registry/events, right token", "/registry/events", "Bearer " + TOKEN);
                run(bot, "/lark/events", "/lark/events", null);
            }
        }
    }

    private static void run(BotHarness bot, String name, String path, String authorization) throws Exception {
        System.gc();
        long before = rssKb();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rssKb(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), path, authorization, SIZE);
        sampler.interrupt();
        sampler.join();
        System.out.printf("%-36s %6d %12.1f %,16d %,16d %14.1f%n", name, o.status(), o.nanosToAnswer() / 1e6, o.sentWhenAnswered(),
                o.sentInAll(), (peak.get() - before) / 1024.0);
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
