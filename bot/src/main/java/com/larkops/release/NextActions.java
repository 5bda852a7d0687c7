package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;

import java.util.Map;
import java.util.Optional;

/**
 * A next-action button of a finished change card, read back from its callback value: the typed command
 * it stands for (so it passes the router's authorisation like the command would) and whether what it
 * was made for still holds — an old card's "Roll back" is refused once another release went live.
 */
public final class NextActions {
    private final ReleaseHistory history;

    public NextActions(ReleaseHistory history) {
        this.history = history;
    }

    /** What a click asks for: the command line to route, or why it is refused (stale, malformed). */
    public record Click(Optional<String> command, Optional<String> refusal) {
        static Click run(String command) {
            return new Click(Optional.of(command), Optional.empty());
        }

        static Click refuse(String why) {
            return new Click(Optional.empty(), Optional.of(why));
        }
    }

    public static boolean handles(String action) {
        return "promote".equals(action) || "rollback".equals(action) || "history".equals(action);
    }

    public Click read(Map<String, ?> value) {
        String action = text(value, "action");
        String service;
        try {
            service = ServiceName.parse(text(value, "service")).value();
        } catch (InvalidInputException e) {
            return Click.refuse("this button names no valid service");
        }
        switch (action) {
            case "history" -> {
                return Click.run("/history " + service);
            }
            case "promote" -> {
                String digest = text(value, "digest");
                Optional<Release> staging = history.live(service, Env.STAGING);
                if (staging.isEmpty() || !staging.get().digest().value().equals(digest)) {
                    return Click.refuse("stale button: staging now runs " + staging.map(r -> r.version() + " ("
                            + r.digest().shortForm() + ")").orElse("nothing") + ", not the digest this card deployed; use /promote "
                            + service + " to prod");
                }
                return Click.run("/promote " + service + " to prod");
            }
            case "rollback" -> {
                Env env;
                try {
                    env = Env.parse(text(value, "env"));
                } catch (InvalidInputException e) {
                    return Click.refuse("this button names no valid environment");
                }
                String releaseId = text(value, "release_id");
                Optional<Release> live = history.live(service, env);
                if (live.isEmpty() || !String.valueOf(live.get().id()).equals(releaseId)) {
                    return Click.refuse("stale button: " + service + " " + env + " now runs " + live.map(r -> r.version() + " (release #"
                            + r.id() + ")").orElse("nothing") + ", not the release this card deployed; use /rollback " + service + " " + env);
                }
                return Click.run("/rollback " + service + " " + env);
            }
            default -> {
                return Click.refuse("unknown action");
            }
        }
    }

    private static String text(Map<String, ?> value, String key) {
        Object v = value.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
