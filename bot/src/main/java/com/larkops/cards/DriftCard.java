package com.larkops.cards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DRIFT: what runs (or what the registry's env tag names) is not what larkops deployed, and no change of larkops' own
 * runs there. Adopt makes what runs the release of record (prod: through an approval card); Revert puts larkops'
 * digest back (a rollback, with a rollback's rules). The lines come from the engine and the registry: escaped.
 */
public final class DriftCard {
    public static final String ADOPT = "drift_adopt";
    public static final String REVERT = "drift_revert";
    static final int MAX_LINES = 10;

    private DriftCard() {
    }

    /**
     * @param runs     what runs now (version from its label, digest), blank digest when nothing
     * @param deployed what larkops put live (its release), empty when none
     * @param tagMoved the registry's env tag names another digest than larkops deployed
     */
    public record View(String service, String env, List<String> lines, IncidentCard.Digests runs,
                       Optional<IncidentCard.Digests> deployed, boolean tagMoved) {
        public View {
            lines = List.copyOf(lines);
        }
    }

    public static Map<String, Object> render(View v, Instant now) {
        String title = "Drift: " + v.service() + " " + v.env() + " changed outside larkops";
        List<Map<String, Object>> elements = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        v.lines().stream().limit(MAX_LINES).forEach(l -> sb.append("· ").append(Md.text(l)).append('\n'));
        elements.add(CardJson.markdown(Md.red("**DRIFT**") + "\n" + sb.toString().stripTrailing()));
        elements.add(CardJson.markdown("**Runs now** " + v.runs().line()
                + "\n**larkops deployed** " + v.deployed().map(IncidentCard.Digests::line).orElse("nothing")));
        List<Map<String, Object>> buttons = new ArrayList<>();
        if (!v.runs().digest().isBlank() && v.deployed().map(d -> !d.digest().equals(v.runs().digest())).orElse(true)) {
            buttons.add(CardJson.button("Adopt", "primary",
                    Map.of("action", ADOPT, "service", v.service(), "env", v.env(), "digest", v.runs().digest())));
        }
        v.deployed().filter(d -> v.tagMoved() || !d.digest().equals(v.runs().digest())).ifPresent(d -> buttons.add(CardJson.button(
                "Revert to " + d.version(), "danger", Map.of("action", REVERT, "service", v.service(), "env", v.env(),
                        "digest", d.digest()))));
        if (!buttons.isEmpty()) {
            elements.add(CardJson.buttons(buttons));
        }
        elements.add(CardJson.note("Adopt: " + (v.env().equals("prod") ? "an approval card, as for any prod change" : "deploys what runs")
                + " · Revert: a rollback to larkops' digest (and its tag) · " + Md.absolute(now)));
        return CardJson.card(title, CardJson.Colour.ORANGE, title, elements);
    }
}
