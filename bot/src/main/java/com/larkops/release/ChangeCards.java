package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.cards.Actions;
import com.larkops.cards.ChangeCard;
import com.larkops.cards.Md;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.Optional;

/** What a deploy or rollback adds to its live card at the start and at the end, next actions included. */
final class ChangeCards {
    private ChangeCards() {
    }

    static final String SERVING = "**Now serving** ";

    static void started(ChangeCard c, Plan plan, Optional<ContainerState> current) {
        c.line(SERVING + current.map(s -> Md.escape(s.label(Labels.VERSION)) + " `"
                + Md.escape(Digest.shortOf(s.label(Labels.DIGEST))) + "`").orElse("nothing")
                + (plan.reusesKeptContainer() ? " · restarting kept container " + Md.escape(plan.container()) : ""));
        plan.definitionChange().ifPresent(change -> c.line("**Same digest, " + Md.escape(change) + "**: the container is replaced"));
        if (plan.kind() == Release.Kind.ROLLBACK && plan.target().env() == Env.PROD) {
            c.line(Md.red("**BREAK-GLASS**") + " rollback of prod: no approval needed for a rollback (audited)");
        }
    }

    /** {@code text}: the outcome as the shell prints it; its first line goes on the card, the details are in the evidence panel. */
    static void failed(ChangeCard c, Target target, String text, Instant now) {
        c.finish(ChangeCard.Outcome.FAILED, text.lines().findFirst().orElse(text), now);
        c.action(Actions.history(target.service()));
    }

    /**
     * The final state of a change whose bot died mid-way, as recovery settled it: live (what serves now is its
     * digest) or failed ({@code stillServing}: what serves instead).
     */
    static java.util.Map<String, Object> recovered(Release r, boolean live, String text, Optional<Release> stillServing,
                                                  Instant now) {
        ChangeCard c = new ChangeCard(r.kind() == Release.Kind.ROLLBACK ? "rollback" : "deploy", r.service(), r.env().tag(),
                r.actor(), r.startedAt()).target(r.version(), r.digest().value()).footer("release #" + r.id());
        c.line(SERVING + (live ? Md.escape(r.version()) + " `" + Md.escape(r.digest().shortForm()) + "`"
                : stillServing.map(s -> Md.escape(s.version()) + " `" + Md.escape(s.digest().shortForm()) + "`").orElse("nothing")));
        c.line("**Recovered** after its bot stopped mid-way");
        c.finish(live ? ChangeCard.Outcome.LIVE : ChangeCard.Outcome.FAILED, text, now);
        c.action(Actions.history(r.service()));
        return c.render(now);
    }

    static void live(ChangeCard c, Plan plan, Release release, String text, Instant now) {
        Target t = plan.target();
        c.finish(ChangeCard.Outcome.LIVE, (plan.kind() == Release.Kind.ROLLBACK ? "rolled back: " : "") + text, now);
        // what serves after the change, not what served when it started
        c.replaceLine(SERVING, SERVING + Md.escape(t.version()) + " `" + Md.escape(t.digest().shortForm()) + "`"
                + " · container " + Md.escape(plan.container()));
        if (t.env() == Env.STAGING && plan.kind() == Release.Kind.DEPLOY) {
            c.action(Actions.promote(t.service(), t.digest().value()));
        }
        if (plan.kind() == Release.Kind.DEPLOY) {
            c.action(Actions.rollback(t.service(), t.env().tag(), release.id()));
        }
        c.action(Actions.history(t.service()));
    }

}
