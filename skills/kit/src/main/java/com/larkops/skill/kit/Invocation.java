package com.larkops.skill.kit;

import java.util.HashMap;
import java.util.Map;

/**
 * What the bot sends to {@code POST /invoke}: the words after the command, who asked, where, and the
 * feature flags in force for this skill. Fields the bot may add later are ignored by the parser.
 */
public record Invocation(String text, String user, String chat, String messageId, Map<String, Boolean> flags) {
    public Invocation {
        text = text == null ? "" : text.strip();
        flags = flags == null ? Map.of() : Map.copyOf(flags);
    }

    public static Invocation of(String text) {
        return new Invocation(text, null, null, null, Map.of());
    }

    public Invocation withFlag(String name, boolean on) {
        var copy = new HashMap<>(flags);
        copy.put(name, on);
        return new Invocation(text, user, chat, messageId, copy);
    }

    /** A flag that is absent is off: flags only ever switch new behaviour on. */
    public boolean flag(String name) {
        return Boolean.TRUE.equals(flags.get(name));
    }
}
