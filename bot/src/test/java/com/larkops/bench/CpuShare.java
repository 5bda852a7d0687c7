package com.larkops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine other processes used during a run, from Linux's /proc/stat and this JVM's CPU
 * time: on a shared 2-core box a busy neighbour moves the figures more than any change to the bot.
 * NaN where /proc/stat is not readable.
 */
final class CpuShare {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final long wallStart = System.nanoTime();
    private final long busyStart = machineBusyNanos();
    private final long ownStart = ownCpuNanos();

    /** Percent of all cores' time spent by other processes since this object was made. */
    double othersPercent() {
        long wall = System.nanoTime() - wallStart;
        long others = (machineBusyNanos() - busyStart) - (ownCpuNanos() - ownStart);
        return Math.max(0, 100.0 * others / ((double) wall * Runtime.getRuntime().availableProcessors()));
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE / 4;
        }
    }
}
