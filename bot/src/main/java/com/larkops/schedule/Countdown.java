package com.larkops.schedule;

import java.time.Duration;

/**
 * How long until a schedule is due, as its card shows it: coarse far away and finer close by, so the card changes
 * (and is patched) at most every few minutes, each minute in the last hour: "in 2d 4h", "in 2h 10m", "in 7m".
 */
public final class Countdown {
    private Countdown() {
    }

    public static String until(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "due now";
        }
        long minutes = left.toMinutes();
        if (minutes < 1) {
            return "in under a minute";
        }
        if (minutes < 60) {
            return "in " + minutes + "m";
        }
        if (minutes < 24 * 60) {
            long h = minutes / 60;
            long m = (minutes % 60) / 5 * 5;
            return "in " + h + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long d = minutes / (24 * 60);
        long h = (minutes % (24 * 60)) / 60;
        return "in " + d + "d" + (h == 0 ? "" : " " + h + "h");
    }
}
