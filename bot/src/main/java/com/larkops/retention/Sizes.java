package com.larkops.retention;

import com.larkops.model.DurationText;

import java.time.Duration;
import java.time.Instant;

/** How sizes and ages read in a chat reply. */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String age(Instant created, Instant now) {
        if (created == null) {
            return "age unknown";
        }
        Duration d = Duration.between(created, now);
        if (d.isNegative()) {
            return "built just now";
        }
        return d.toDays() >= 1 ? d.toDays() + "d old" : DurationText.human(d.withNanos(0)) + " old";
    }
}
