package com.larkops.bench;

import com.larkops.command.Trace;

import java.util.List;

/**
 * Where the bot's request thread spends its time per event, from the stamps each event's {@link Trace}
 * carries: the cost of each webhook stage (the time from the previous stamp), collected while listening.
 */
final class StageCosts implements AutoCloseable {
    /** The webhook's stages in order; each one's cost is the time since the one before. */
    private static final List<Trace.Stage> PATH = List.of(Trace.Stage.ARRIVED, Trace.Stage.READ, Trace.Stage.DECRYPTED,
            Trace.Stage.VERIFIED, Trace.Stage.DEDUPED, Trace.Stage.QUEUED, Trace.Stage.ACKED);
    private static final List<String> WHAT = List.of("", "read body", "parse outer + decrypt", "parse + signature + timestamp",
            "parse + token/age + dedup", "SDK dispatch + enqueue", "answer");

    private final Latencies[] costs = new Latencies[PATH.size()];

    StageCosts(int capacity) {
        for (int i = 1; i < costs.length; i++) {
            costs[i] = new Latencies(capacity);
        }
        Trace.listen(this::record);
    }

    private void record(Trace t) {
        long previous = 0;
        for (int i = 1; i < PATH.size(); i++) {
            long at = t.sinceArrival(PATH.get(i));
            if (at < 0) {
                return; // not a complete webhook path (a rejected event)
            }
            costs[i].record(Math.max(0, at - previous));
            previous = at;
        }
    }

    void print(String run) {
        System.out.printf("%nbot webhook stages during %s (request thread, per event; from the event's trace stamps)%n", run);
        System.out.printf("  %-10s %-32s %8s %8s %8s%n", "stage", "", "p50 µs", "p90 µs", "p99 µs");
        for (int i = 1; i < PATH.size(); i++) {
            Latencies.Summary s = costs[i].summary();
            System.out.printf("  %-10s %-32s %8.0f %8.0f %8.0f%n", PATH.get(i).name().toLowerCase(), WHAT.get(i),
                    s.p50() * 1000, s.p90() * 1000, s.p99() * 1000);
        }
    }

    @Override
    public void close() {
        Trace.listen(null);
    }
}
