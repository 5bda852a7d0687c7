package com.larkops.cards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one card of a prod incident: what failed, since when, what serves now, the last known-good, and the three
 * things an on-call person does first (roll back to that known-good, read the logs, hold automation). Closed, it
 * keeps its facts, loses its buttons and shows who closed it and when. Every text from outside is escaped and bounded.
 */
public final class IncidentCard {
    public static final String ROLLBACK = "incident_rollback";
    public static final String LOGS = "incident_logs";
    public static final String HOLD = "incident_hold";
    static final int MAX_WHAT = 600;

    private IncidentCard() {
    }

    /** A version and digest; blank when nothing. */
    public record Digests(String version, String digest) {
        String line() {
            return digest.isBlank() ? "nothing" : Md.escape(version) + " (`" + Md.escape(shortOf(digest)) + "`)";
        }
    }

    public record Closed(Instant at, String by) {
    }

    public record View(long id, String service, String env, String what, Instant since, Digests serving,
                       Optional<Digests> lastGood, Optional<Closed> closed) {
    }

    public static Map<String, Object> render(View v, Instant now) {
        boolean open = v.closed().isEmpty();
        String title = (open ? "Incident #" : "Incident closed #") + v.id() + ": " + v.service() + " " + v.env();
        List<Map<String, Object>> elements = new ArrayList<>();
        String what = v.what().length() > MAX_WHAT ? v.what().substring(0, MAX_WHAT) + "…" : v.what();
        elements.add(CardJson.markdown("**What failed**\n" + Md.text(what)));
        elements.add(CardJson.markdown("**Since** " + Md.when(v.since(), now)
                + "\n**Serving now** " + v.serving().line()
                + "\n**Last known-good** " + v.lastGood().map(Digests::line).orElse("none other than what serves")));
        if (open) {
            List<Map<String, Object>> buttons = new ArrayList<>();
            v.lastGood().filter(g -> !g.digest().isBlank()).ifPresent(g -> buttons.add(CardJson.button(
                    "Roll back to " + g.version(), "danger",
                    Map.of("action", ROLLBACK, "service", v.service(), "incident_id", String.valueOf(v.id()), "digest", g.digest()))));
            buttons.add(CardJson.button("Show logs", "default",
                    Map.of("action", LOGS, "service", v.service(), "incident_id", String.valueOf(v.id()))));
            buttons.add(CardJson.button("Hold automation", "default",
                    Map.of("action", HOLD, "service", v.service(), "incident_id", String.valueOf(v.id()))));
            elements.add(CardJson.buttons(buttons));
            elements.add(CardJson.note("everything later about this incident follows in its thread · /incident close "
                    + Md.escape(v.service()) + " closes it"));
        } else {
            Closed c = v.closed().get();
            elements.add(CardJson.note("closed by " + Md.mention(c.by()) + " · " + Md.absolute(c.at()) + " · the timeline is in the thread"));
        }
        return CardJson.card(title, open ? CardJson.Colour.RED : CardJson.Colour.GREY, title, elements);
    }

    static String shortOf(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
