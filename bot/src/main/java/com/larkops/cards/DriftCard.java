package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DRIFT: what runs (or what the registry's env tag names) is not what larkops deployed, and no change of larkops' own
 * runs there. Adopt takes on what changed (prod: through an approval card): what runs is recorded as the release, or, when
 * only the env tag moved, what the tag names is deployed; Revert puts larkops' digest back (a rollback, with a rollback's
 * rules). The lines come from the engine and the registry: escaped.
 */
public final class DriftCard {
    public static final String ADOPT = "drift_adopt";
    public static final String REVERT = "drift_revert";
    static final int MAX_LINES = 10;

    private DriftCard() {
    }

    /**
     * @param lines    what differs, our own text quoting values from the engine and the registry (escaped here)
     * @param runs     what runs now (version from its label, digest), blank digest when nothing
     * @param deployed what larkops put live (its release), empty when none
     * @param tagged   what the registry's env tag names when that is not what larkops deployed (moved outside larkops)
     * @param seen     the env's state as the card saw it (what runs and what the tag names): Adopt carries it (entries
     *                 joined by commas; an entry may hold a space: {@code task 2@sha256:…}), and is refused once it changed
     */
    public record View(String service, String env, List<Text> lines, IncidentCard.Digests runs,
                       Optional<IncidentCard.Digests> deployed, Optional<IncidentCard.Digests> tagged, List<String> seen) {
        public View {
            lines = List.copyOf(lines);
            seen = List.copyOf(seen);
        }

        /** What Adopt takes on: what runs when larkops did not put it there; else what a moved tag names. */
        public Optional<String> adoptable() {
            if (!runs.digest().isBlank() && deployed.map(d -> !d.digest().equals(runs.digest())).orElse(true)) {
                return Optional.of(runs.digest());
            }
            return tagged.map(IncidentCard.Digests::digest).filter(t -> deployed.map(d -> !d.digest().equals(t)).orElse(true));
        }
    }

    public static Map<String, Object> render(View v, Instant now) {
        Text title = Msg.of("approval.drift.title", v.service(), v.env());
        List<Map<String, Object>> elements = new ArrayList<>();
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("approval.drift.head").map(Md::red));
        v.lines().stream().limit(MAX_LINES).forEach(l -> lines.add(l.map(s -> "· " + Md.text(s))));
        elements.add(CardJson.markdown(Text.lines(lines)));
        elements.add(CardJson.markdown(Msg.of("approval.drift.facts", v.runs().line(),
                v.deployed().map(IncidentCard.Digests::line).orElse(Msg.of("approval.incident.nothing")))));
        List<Map<String, Object>> buttons = new ArrayList<>();
        v.adoptable().ifPresent(digest -> buttons.add(CardJson.button(Msg.of("approval.drift.button.adopt"), "primary",
                Map.of("action", ADOPT, "service", v.service(), "env", v.env(), "digest", digest, "seen", String.join(",", v.seen())))));
        v.deployed().filter(d -> v.tagged().isPresent() || !d.digest().equals(v.runs().digest())).ifPresent(d -> buttons.add(CardJson.button(
                Msg.of("approval.drift.button.revert", d.version()), "danger", Map.of("action", REVERT, "service", v.service(),
                        "env", v.env(), "digest", d.digest()))));
        if (!buttons.isEmpty()) {
            elements.add(CardJson.buttons(buttons));
        }
        elements.add(CardJson.note(Msg.of("approval.drift.note", Msg.of(v.env().equals("prod") ? "approval.drift.adopt.prod"
                : "approval.drift.adopt.other"), Md.absolute(now))));
        return CardJson.card(title, CardJson.Colour.ORANGE, title, elements);
    }
}
