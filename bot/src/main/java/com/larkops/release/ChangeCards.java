package com.larkops.release;

import com.larkops.cards.ChangeCard;
import com.larkops.i18n.Text;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The view values a deploy or rollback hands {@link com.larkops.cards.ChangeCards} at its start and at its end. */
final class ChangeCards {
    private ChangeCards() {
    }

    static void started(ChangeCard c, Plan plan, Optional<ContainerState> current) {
        com.larkops.cards.ChangeCards.started(c,
                current.map(s -> new com.larkops.cards.ChangeCards.Serving(s.label(Labels.VERSION), s.label(Labels.DIGEST))),
                plan.reusesKeptContainer() ? Optional.of(plan.container()) : Optional.empty(), plan.definitionChangeText(),
                plan.kind() == Release.Kind.ROLLBACK && plan.target().env() == Env.PROD);
    }

    /** {@code text}: the outcome as the shell prints it; its first line goes on the card, the details are in the evidence panel. */
    static void failed(ChangeCard c, Target target, Text text, Instant now) {
        com.larkops.cards.ChangeCards.failed(c, target.service(), text, now);
    }

    /**
     * The final state of a change whose bot died mid-way, as recovery settled it: live (what serves now is its
     * digest) or failed ({@code stillServing}: what serves instead).
     */
    static Map<String, Object> recovered(Release r, boolean live, Text text, Optional<Release> stillServing, Instant now) {
        return com.larkops.cards.ChangeCards.recovered(kind(r.kind()), r.service().value(), r.env().tag(), r.actor(), r.startedAt(),
                new com.larkops.cards.ChangeCards.Serving(r.version(), r.digest().value()), r.id(), live, text,
                stillServing.map(s -> new com.larkops.cards.ChangeCards.Serving(s.version(), s.digest().value())), now);
    }

    static void live(ChangeCard c, Plan plan, Release release, Text text, Instant now) {
        Target t = plan.target();
        com.larkops.cards.ChangeCards.live(c, t.service(), t.env().tag(), plan.kind() == Release.Kind.ROLLBACK, text,
                new com.larkops.cards.ChangeCards.Serving(t.version(), t.digest().value()), plan.container(),
                t.env() == Env.STAGING && plan.kind() == Release.Kind.DEPLOY ? Optional.of(t.digest().value()) : Optional.empty(),
                plan.kind() == Release.Kind.DEPLOY ? Optional.of(release.id()) : Optional.empty(), now);
    }

    /** The card's kind word ({@code change.kind.<kind>}). */
    static String kind(Release.Kind kind) {
        return kind == Release.Kind.ROLLBACK ? "rollback" : "deploy";
    }
}
