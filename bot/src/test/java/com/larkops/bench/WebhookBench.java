package com.larkops.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.larkops.testing.BotHarness;
import com.larkops.testing.FakeLark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Posts signed {@code /help} events to a real bot and the same bodies to a bare Javalin endpoint in the
 * same JVM: fixed rate (open loop) for ack latency, then closed loop for maximum throughput. Prints the
 * figures; asserts nothing. Not a test: run it with {@code mvn -Pbench -pl bot test-compile exec:java}.
 */
public final class WebhookBench {
    static final String CONFIG = """
            registry: 127.0.0.1:5999
            chats: [%s]
            roles:
              deployers: [%s]
              approvers: [ou_lead]
            services: {}
            """.formatted(BenchEvents.CHAT, BenchEvents.USER);

    private static final int RATE = Integer.getInteger("bench.rate", 500);
    private static final Duration MEASURED = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
    private static final Duration MAX_RUN = Duration.ofSeconds(Integer.getInteger("bench.maxSeconds", 10));
    private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 32);
    /** Events set aside for the bot's closed-loop runs; the run stops early and says so if they run out. */
    private static final int MAX_RUN_EVENTS = Integer.getInteger("bench.maxEvents", 200_000);

    public static void main(String[] args) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
        LoadGenerator load = new LoadGenerator(http, callbacks);
        List<RunResult> results = new ArrayList<>();
        try (BotHarness bot = new BotHarness(CONFIG).start(); BareEndpoint bare = new BareEndpoint()) {
            checkTheBotAnswersHelp(bot);
            int fixedEvents = (int) (RATE * (WARMUP.toSeconds() + MEASURED.toSeconds()));
            System.out.printf("building %,d signed events …%n", fixedEvents + MAX_RUN_EVENTS);
            BenchEvents events = BenchEvents.build(bot.events, fixedEvents + MAX_RUN_EVENTS);
            Supplier<HttpRequest> toBot = events.once(URI.create("http://127.0.0.1:" + bot.port() + "/lark/events"));
            Supplier<HttpRequest> toBare = events.cycling(bare.uri(), 1000);

            load.fixedRate("bare", toBare, RATE, WARMUP);
            results.add(load.fixedRate("bare", toBare, RATE, MEASURED));
            load.fixedRate("bot", toBot, RATE, WARMUP);
            awaitReplies(bot.lark, RATE * WARMUP.toSeconds());
            bot.lark.reset();
            StageCosts atRate = new StageCosts((int) (RATE * MEASURED.toSeconds()));
            RunResult botFixed = load.fixedRate("bot", toBot, RATE, MEASURED);
            atRate.close();
            results.add(botFixed);
            long busyAtRate = awaitReplies(bot.lark, botFixed.accepted());
            bot.lark.reset();

            load.closedLoop("bare", toBare, IN_FLIGHT, WARMUP);
            results.add(load.closedLoop("bare", toBare, IN_FLIGHT, MAX_RUN));
            load.closedLoop("bot", toBot, IN_FLIGHT, WARMUP);
            awaitReplies(bot.lark, 0);
            bot.lark.reset();
            StageCosts atMax = new StageCosts(MAX_RUN_EVENTS);
            RunResult botMax = load.closedLoop("bot", toBot, IN_FLIGHT, MAX_RUN);
            atMax.close();
            results.add(botMax);
            long busyAtMax = awaitReplies(bot.lark, botMax.accepted());

            BenchReport.print(results, events.bodyBytes(), RATE, busyAtRate, busyAtMax);
            atRate.print("the fixed-rate run");
            atMax.print("the max run");
            System.out.println(BenchReport.loadAverage());
        }
        callbacks.shutdownNow();
    }

    private static void checkTheBotAnswersHelp(BotHarness bot) {
        if (bot.say(BenchEvents.CHAT, BenchEvents.USER, "om_bench_check", "/help").statusCode() != 200) {
            throw new IllegalStateException("the bot refused a signed /help; the benchmark would measure refusals");
        }
        bot.lark.awaitReply("om_bench_check", t -> t.startsWith("larkops commands:"), Duration.ofSeconds(10));
        bot.lark.reset();
    }

    /**
     * Waits (at most 60 s) until the fake Lark has a reply for each of {@code expected} events, so the
     * work queued by one run does not spill into the next; returns how many replies said "busy".
     */
    private static long awaitReplies(FakeLark lark, long expected) {
        WireMockServer server = lark.server();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long now = server.countRequestsMatching(postRequestedFor(urlPathMatching(".*/reply")).build()).getCount();
            if (now >= expected && now == seen) {
                break;
            }
            seen = now;
            BenchReport.pause(500);
        }
        return server.countRequestsMatching(postRequestedFor(urlPathMatching(".*/reply"))
                .withRequestBody(containing("busy")).build()).getCount();
    }

}
