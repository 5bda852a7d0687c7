package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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
    public record Click(Optional<String> command, Optional<Text> refusal) {
        public static Click run(String command) {
            return new Click(Optional.of(command), Optional.empty());
        }

        public static Click refuse(Text why) {
            return new Click(Optional.empty(), Optional.of(why));
        }

    }

    /** History: {@code /history <service>}. */
    public Click history(Map<String, ?> value) {
        return service(value).map(service -> Click.run("/history " + service)).orElseGet(NextActions::noService);
    }

    /** Promote to prod: {@code /promote <service> to prod}, while staging still runs the digest the card deployed. */
    public Click promote(Map<String, ?> value) {
        Optional<ServiceName> named = service(value);
        if (named.isEmpty()) {
            return noService();
        }
        ServiceName service = named.get();
        String digest = text(value, "digest");
        Optional<Release> staging = history.live(service, Env.STAGING);
        if (staging.isEmpty() || !staging.get().digest().value().equals(digest)) {
            return Click.refuse(Msg.of("release.click.stale_promote", staging.<Text>map(r -> Text.verbatim(r.version() + " ("
                    + r.digest().shortForm() + ")")).orElse(Msg.of("release.card.nothing")), service.value()));
        }
        return Click.run("/promote " + service + " to prod");
    }

    /** Roll back: {@code /rollback <service> <env>}, while the env still runs the release the card deployed. */
    public Click rollback(Map<String, ?> value) {
        Optional<ServiceName> named = service(value);
        if (named.isEmpty()) {
            return noService();
        }
        ServiceName service = named.get();
        Env env;
        try {
            env = Env.parse(text(value, "env"));
        } catch (InvalidInputException e) {
            return Click.refuse(Msg.of("release.click.no_env"));
        }
        String releaseId = text(value, "release_id");
        Optional<Release> live = history.live(service, env);
        if (live.isEmpty() || !String.valueOf(live.get().id()).equals(releaseId)) {
            return Click.refuse(Msg.of("release.click.stale_rollback", service.value(), env, live.<Text>map(r -> Msg.of("release.click.version_release",
                    r.version(), r.id())).orElse(Msg.of("release.card.nothing"))));
        }
        return Click.run("/rollback " + service + " " + env);
    }

    private static Optional<ServiceName> service(Map<String, ?> value) {
        try {
            return Optional.of(ServiceName.parse(text(value, "service")));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Click noService() {
        return Click.refuse(Msg.of("release.click.no_service"));
    }

    private static String text(Map<String, ?> value, String key) {
        Object v = value.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
