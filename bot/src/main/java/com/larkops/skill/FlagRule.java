package com.larkops.skill;

import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;

/**
 * A feature flag's setting: on for everyone, off for everyone, or on for a stable share of users
 * ({@code hash(user+flag) % 100 < pct}, so one user sees the same thing every time).
 */
public record FlagRule(int percent) {
    public static final FlagRule ON = new FlagRule(100);
    public static final FlagRule OFF = new FlagRule(0);

    public FlagRule {
        if (percent < 0 || percent > 100) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("pipeline.flag.share_range", percent));
        }
    }

    /** {@code on}, {@code off} or {@code <0-100>%}. */
    public static FlagRule parse(String text) {
        if (text == null) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("pipeline.flag.say_on_off"));
        }
        String t = text.strip().toLowerCase();
        if (t.equals("on") || t.equals("true")) {
            return ON;
        }
        if (t.equals("off") || t.equals("false")) {
            return OFF;
        }
        return new FlagRule(Percent.parse(t, 0, 100));
    }

    public boolean enabledFor(String flag, String user) {
        if (percent >= 100) {
            return true;
        }
        return percent > 0 && Buckets.of(user + flag) < percent;
    }

    /** The stored and shown form: on, off, or 25%. */
    @Override
    public String toString() {
        return percent == 100 ? "on" : percent == 0 ? "off" : percent + "%";
    }

    /** Flag names as skills see them in their {@code flags} map. */
    public static String checkName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_.-]{0,63}")) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("pipeline.flag.bad_name", Text.clip(String.valueOf(name))));
        }
        return name;
    }
}
