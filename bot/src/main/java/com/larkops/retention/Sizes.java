package com.larkops.retention;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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

    static Text age(Instant created, Instant now) {
        if (created == null) {
            return Msg.of("pipeline.prune.age.unknown");
        }
        Duration d = Duration.between(created, now);
        if (d.isNegative()) {
            return Msg.of("pipeline.prune.age.just_built");
        }
        return Msg.of("pipeline.prune.age.old", d.toDays() >= 1 ? d.toDays() + "d" : DurationText.human(d.withNanos(0)));
    }
}
