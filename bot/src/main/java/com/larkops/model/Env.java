package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.Locale;

/** The environments a digest is promoted through; each has a moving tag of the same name. */
public enum Env {
    STAGING,
    PROD;

    /** Accepts {@code staging} or {@code prod} in any letter case; nothing else (no {@code production}, no {@code stg}). */
    public static Env parse(String text) {
        // Locale.ROOT: a Turkish default locale would otherwise turn "STAGING" into "stagıng"
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Env env : values()) {
            if (env.tag().equals(t)) {
                return env;
            }
        }
        throw new InvalidInputException(Msg.of("command.env.invalid", Text.clip(text)));
    }

    /** The moving registry tag for this environment. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return tag();
    }
}
