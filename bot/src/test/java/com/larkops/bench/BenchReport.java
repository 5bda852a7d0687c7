package com.larkops.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The table on stdout, and the two targets checked against it (printed, never asserted). */
final class BenchReport {
    private static final double P99_TARGET_MS = 20;
    private static final double THROUGHPUT_RATIO_TARGET = 0.5;

    private BenchReport() {
    }

    static void print(List<RunResult> results, int bodyBytes, int rate, long busyAtRate, long busyAtMax) {
        System.out.println();
        System.out.printf("larkops webhook benchmark, %s, %d cores, Java %s, body %,d bytes%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(java.time.ZoneOffset.UTC)),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), bodyBytes);
        String row = "%-5s %-28s %8s %8s %8s %7s %11s %8s %8s %8s %8s %11s%n";
        System.out.printf(row, "", "", "sent", "2xx", "non-2xx", "failed", "accepted/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "others cpu");
        for (RunResult r : results) {
            System.out.printf(row, r.target(), r.mode(), r.sent(), r.accepted(), r.refused(), r.failed(),
                    "%.0f".formatted(r.acceptedPerSecond()), ms(r.latency().p50()), ms(r.latency().p90()),
                    ms(r.latency().p99()), ms(r.latency().max()), "%.0f%%".formatted(r.othersCpuPercent()));
        }
        System.out.println("(fixed rate: latency from the scheduled send time; max: latency from the actual send;"
                + " others cpu: share of all cores used by other processes during the run, over ~5% the figures are suspect)");
        System.out.printf("bot replies saying busy: %,d at %d/s, %,d at max%n", busyAtRate, rate, busyAtMax);

        RunResult botFixed = find(results, "bot", "fixed");
        RunResult bareMax = find(results, "bare", "max");
        RunResult botMax = find(results, "bot", "max");
        double ratio = botMax.acceptedPerSecond() / bareMax.acceptedPerSecond();
        System.out.printf("bot p99 ack at %d/s: %s ms (target < %.0f ms: %s)%n", rate, ms(botFixed.latency().p99()),
                P99_TARGET_MS, botFixed.latency().p99() < P99_TARGET_MS ? "met" : "MISSED");
        System.out.printf("bot/bare max throughput: %.2f (target >= %.2f: %s)%n", ratio, THROUGHPUT_RATIO_TARGET,
                ratio >= THROUGHPUT_RATIO_TARGET ? "met" : "MISSED");
    }

    /** The 1/5/15-minute load averages, as uptime prints them (the machine is shared: read figures beside it). */
    /** Sleeps between measured runs (never inside one); an interrupt ends the bench. */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "load average unknown";
        }
    }

    private static RunResult find(List<RunResult> results, String target, String modePrefix) {
        return results.stream().filter(r -> r.target().equals(target) && r.mode().startsWith(modePrefix)).findFirst()
                .orElseThrow();
    }

    private static String ms(double value) {
        return "%.2f".formatted(value);
    }
}
