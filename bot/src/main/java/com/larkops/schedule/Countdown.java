package com.larkops.schedule;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Duration;

/**
 * How long until a schedule is due, as its card shows it: coarse far away and finer close by, so the card changes
 * (and is patched) at most every few minutes, each minute in the last hour: "in 2d 4h", "in 2h 10m", "in 7m".
 */
public final class Countdown {
    private Countdown() {
    }

    /** The countdown in English (what decides whether the card changed; the logs). */
    public static String until(Duration left) {
        return text(left).in(Language.DEFAULT);
    }

    /** The countdown in every language. */
    public static Text text(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return Msg.of("command.countdown.due");
        }
        long minutes = left.toMinutes();
        if (minutes < 1) {
            return Msg.of("command.countdown.under_a_minute");
        }
        if (minutes < 60) {
            return Msg.of("command.countdown.minutes", minutes);
        }
        if (minutes < 24 * 60) {
            long h = minutes / 60;
            long m = (minutes % 60) / 5 * 5;
            return m == 0 ? Msg.of("command.countdown.hours", h) : Msg.of("command.countdown.hours_minutes", h, m);
        }
        long d = minutes / (24 * 60);
        long h = (minutes % (24 * 60)) / 60;
        return h == 0 ? Msg.of("command.countdown.days", d) : Msg.of("command.countdown.days_hours", d, h);
    }
}
