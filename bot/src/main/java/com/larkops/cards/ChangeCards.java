package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a deploy or rollback adds to its live card at the start and at the end, next actions included, from view
 * values (the release side decides what they are). Every value is escaped here.
 */
public final class ChangeCards {
    /** The slot of the "now serving" line: replaced by what serves once the change is live. */
    static final String SERVING = "serving";

    private ChangeCards() {
    }

    /** A version and its digest (full or short) as a card shows what serves. */
    public record Serving(String version, String digest) {
        Text text() {
            return Msg.of("release.card.version_digest", Md.escape(version), Md.escape(Digest.shortOf(digest)));
        }
    }

    /**
     * The start: what serves now, a kept container restarted, a changed definition of the same digest, and a
     * break-glass rollback of prod said loudly.
     */
    public static void started(ChangeCard c, Optional<Serving> current, Optional<String> keptContainer,
                               Optional<Text> definitionChange, boolean breakGlass) {
        Text serving = current.map(Serving::text).orElse(Msg.of("release.card.nothing"));
        c.line(SERVING, keptContainer.map(k -> Msg.of("release.card.serving_restarting", serving, Md.escape(k)))
                .orElse(Msg.of("release.card.serving", serving)));
        definitionChange.ifPresent(change -> c.line(Msg.of("release.card.same_digest", change.map(Md::escape))));
        if (breakGlass) {
            c.line(Msg.of("release.card.break_glass", Md.red("**BREAK-GLASS**")));
        }
    }

    /** {@code text}: the outcome as the shell prints it; its first line goes on the card, the details are in the evidence panel. */
    public static void failed(ChangeCard c, String service, Text text, Instant now) {
        c.finish(ChangeCard.Outcome.FAILED, text.map(t -> t.lines().findFirst().orElse(t)), now);
        c.action(Actions.history(service));
    }

    /** The end of a change that put {@code now} live in {@code container}; {@code promote}/{@code rollbackOf}: the buttons it offers. */
    public static void live(ChangeCard c, String service, String env, boolean rollback, Text text, Serving now, String container,
                            Optional<String> promote, Optional<Long> rollbackOf, Instant at) {
        c.finish(ChangeCard.Outcome.LIVE, rollback ? Msg.of("release.card.rolled_back", text) : text, at);
        c.replaceLine(SERVING, Msg.of("release.card.serving_in", now.text(), Md.escape(container)));
        promote.ifPresent(digest -> c.action(Actions.promote(service, digest)));
        rollbackOf.ifPresent(id -> c.action(Actions.rollback(service, env, id)));
        c.action(Actions.history(service));
    }

    /**
     * The final state of a change whose bot died mid-way, as recovery settled it: live (what serves now is its
     * digest) or failed ({@code stillServing}: what serves instead).
     */
    public static Map<String, Object> recovered(String kind, String service, String env, String actor, Instant started,
                                                Serving change, long releaseId, boolean live, Text text,
                                                Optional<Serving> stillServing, Instant now) {
        ChangeCard c = new ChangeCard(kind, service, env, actor, started).target(change.version(), change.digest())
                .footer(Msg.of("release.card.release_id", releaseId));
        c.line(SERVING, Msg.of("release.card.serving", live ? change.text()
                : stillServing.map(Serving::text).orElse(Msg.of("release.card.nothing"))));
        c.line(Msg.of("release.card.recovered"));
        c.finish(live ? ChangeCard.Outcome.LIVE : ChangeCard.Outcome.FAILED, text, now);
        c.action(Actions.history(service));
        return c.render(now);
    }
}
