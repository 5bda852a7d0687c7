package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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
        Text line() {
            return digest.isBlank() ? Msg.of("approval.incident.nothing")
                    : Text.verbatim(Md.escape(version) + " (`" + Md.escape(shortOf(digest)) + "`)");
        }
    }

    public record Closed(Instant at, String by) {
    }

    /** {@code what}: our own text (it may quote untrusted input), escaped here with {@link Md#text}. */
    public record View(long id, String service, String env, Text what, Instant since, Digests serving,
                       Optional<Digests> lastGood, Optional<Closed> closed) {
    }

    public static Map<String, Object> render(View v, Instant now) {
        boolean open = v.closed().isEmpty();
        Text title = Msg.of(open ? "approval.incident.title" : "approval.incident.title.closed", v.id(), v.service(), v.env());
        List<Map<String, Object>> elements = new ArrayList<>();
        Text what = v.what().map(w -> Md.text(w.length() > MAX_WHAT ? w.substring(0, MAX_WHAT) + "…" : w));
        elements.add(CardJson.markdown(Msg.of("approval.incident.what", what)));
        elements.add(CardJson.markdown(Msg.of("approval.incident.facts", ApprovalCard.when(v.since(), now), v.serving().line(),
                v.lastGood().map(Digests::line).orElse(Msg.of("approval.incident.no_other_good")))));
        if (open) {
            List<Map<String, Object>> buttons = new ArrayList<>();
            v.lastGood().filter(g -> !g.digest().isBlank()).ifPresent(g -> buttons.add(CardJson.button(
                    Msg.of("approval.incident.button.rollback", g.version()), "danger",
                    Map.of("action", ROLLBACK, "service", v.service(), "incident_id", String.valueOf(v.id()), "digest", g.digest()))));
            buttons.add(CardJson.button(Msg.of("approval.incident.button.logs"), "default",
                    Map.of("action", LOGS, "service", v.service(), "incident_id", String.valueOf(v.id()))));
            buttons.add(CardJson.button(Msg.of("approval.incident.button.hold"), "default",
                    Map.of("action", HOLD, "service", v.service(), "incident_id", String.valueOf(v.id()))));
            elements.add(CardJson.buttons(buttons));
            elements.add(CardJson.note(Msg.of("approval.incident.note.open", Md.escape(v.service()))));
        } else {
            Closed c = v.closed().get();
            elements.add(CardJson.note(Msg.of("approval.incident.note.closed", Md.mention(c.by()), Md.absolute(c.at()))));
        }
        return CardJson.card(title, open ? CardJson.Colour.RED : CardJson.Colour.GREY, title, elements);
    }

    static String shortOf(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
