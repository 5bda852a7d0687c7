package com.larkops.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends pre-built requests with {@link HttpClient#sendAsync}, either open loop at a fixed rate or closed
 * loop with a fixed number in flight. A source answers null when it has no request left.
 */
final class LoadGenerator {
    private static final int CLOSED_LOOP_SAMPLES = 4_000_000;

    private final HttpClient http;
    private final Executor callbacks;

    LoadGenerator(HttpClient http, Executor callbacks) {
        this.http = http;
        this.callbacks = callbacks;
    }

    /**
     * Open loop: request i is due at start + i/rate whatever happened to the earlier ones, and its latency
     * is measured from that due time, so a server that stalls is charged for the queue it causes
     * (no coordinated omission). A late wake-up of this thread is charged too, which only overstates.
     */
    RunResult fixedRate(String target, Supplier<HttpRequest> source, int rate, Duration length) {
        int n = (int) (rate * length.toMillis() / 1000);
        long interval = 1_000_000_000L / rate;
        Tally tally = new Tally(n, new CountDownLatch(n));
        for (int i = 0; i < n; i++) {
            long due = tally.start + i * interval;
            for (long left; (left = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            HttpRequest request = source.get();
            if (request == null) {
                throw new IllegalStateException("ran out of pre-built requests after " + i);
            }
            tally.sent.increment();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        tally.answered(due, response, error);
                        tally.done.countDown();
                    });
        }
        tally.await();
        return tally.result(target, "fixed " + rate + "/s");
    }

    /** Closed loop: {@code inFlight} senders, each sending its next request when the previous one is answered. */
    RunResult closedLoop(String target, Supplier<HttpRequest> source, int inFlight, Duration length) {
        Tally tally = new Tally(CLOSED_LOOP_SAMPLES, new CountDownLatch(inFlight));
        long deadline = tally.start + length.toNanos();
        for (int i = 0; i < inFlight; i++) {
            callbacks.execute(() -> sendNext(tally, source, deadline));
        }
        tally.await();
        return tally.result(target, "max, " + inFlight + " in flight" + (tally.exhausted ? " (ran out of events)" : ""));
    }

    private void sendNext(Tally tally, Supplier<HttpRequest> source, long deadline) {
        HttpRequest request = System.nanoTime() < deadline ? source.get() : null;
        if (request == null) {
            if (System.nanoTime() < deadline) {
                tally.exhausted = true;
            }
            tally.done.countDown();
            return;
        }
        tally.sent.increment();
        long sentAt = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    tally.answered(sentAt, response, error);
                    // a hop through the executor, so an immediately failing send cannot recurse deeply
                    callbacks.execute(() -> sendNext(tally, source, deadline));
                });
    }

    private static final class Tally {
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        final Latencies latencies;
        final CountDownLatch done;
        final LongAdder sent = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicLong lastAnswer = new AtomicLong(start);
        final CpuShare cpu = new CpuShare();
        volatile boolean exhausted;

        Tally(int samples, CountDownLatch done) {
            this.latencies = new Latencies(samples);
            this.done = done;
        }

        void answered(long from, HttpResponse<?> response, Throwable error) {
            long now = System.nanoTime();
            lastAnswer.accumulateAndGet(now, Math::max);
            if (error != null) {
                failed.increment();
                return;
            }
            latencies.record(now - from);
            (response.statusCode() / 100 == 2 ? accepted : refused).increment();
        }

        void await() {
            try {
                if (!done.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("answers still missing 2 min after the run");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        RunResult result(String target, String mode) {
            double seconds = (lastAnswer.get() - start) / 1e9;
            return new RunResult(target, mode, sent.sum(), accepted.sum(), refused.sum(), failed.sum(), seconds,
                    latencies.summary(), cpu.othersPercent());
        }
    }
}
