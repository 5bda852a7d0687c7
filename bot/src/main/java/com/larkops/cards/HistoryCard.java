package com.larkops.cards;

import com.larkops.model.Digest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /history} as a card: a chart of the releases over time (how long each took, coloured by
 * outcome) and the last rows as a table, newest first.
 */
public final class HistoryCard {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    static final int MAX_ROWS = 20;

    public record Row(long id, Instant started, String env, String kind, String version, String digest, String outcome,
                      boolean knownGood, String by, Optional<Duration> took, String detail) {
    }

    private HistoryCard() {
    }

    public static Map<String, Object> render(String service, List<Row> newestFirst, Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        if (newestFirst.isEmpty()) {
            elements.add(CardJson.markdown("no releases of " + Md.escape(service) + " yet"));
        } else {
            elements.add(CardJson.chart(chartSpec(newestFirst)));
            StringBuilder t = new StringBuilder("| # | When | Env | What | Version | Digest | Outcome | By | Took |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : newestFirst.subList(0, Math.min(MAX_ROWS, newestFirst.size()))) {
                t.append("| ").append(r.id()).append(" | ").append(Md.when(r.started(), now)).append(" | ").append(Md.escape(r.env()))
                        .append(" | ").append(Md.escape(r.kind())).append(" | ").append(Md.escape(r.version())).append(" | `")
                        .append(Digest.shortOf(r.digest())).append("` | ").append(outcome(r)).append(" | ")
                        .append(Md.mention(r.by())).append(" | ").append(r.took().map(Md::human).orElse("")).append(" |\n");
            }
            elements.add(CardJson.markdown(t.toString().stripTrailing()));
            StringBuilder failures = new StringBuilder();
            for (Row r : newestFirst.subList(0, Math.min(MAX_ROWS, newestFirst.size()))) {
                if ("failed".equals(r.outcome()) && !r.detail().isBlank()) {
                    failures.append("#").append(r.id()).append(": ").append(Md.escape(CardJson.clip(r.detail().lines().findFirst().orElse(""), 160)))
                            .append('\n');
                }
            }
            if (failures.length() > 0) {
                elements.add(CardJson.panel("Why releases failed", false, List.of(CardJson.markdown(failures.toString().stripTrailing()))));
            }
        }
        String title = "History: " + service + " — last " + newestFirst.size() + " release(s)";
        return CardJson.card(title, CardJson.Colour.WATHET, title, elements);
    }

    private static String outcome(Row r) {
        String o = Md.escape(r.outcome()) + (r.knownGood() ? " ✓ known-good" : "");
        return "failed".equals(r.outcome()) ? Md.red(o) : "live".equals(r.outcome()) ? Md.green(o) : o;
    }

    /** A VChart bar spec: one bar per release (oldest left), its height the seconds it took, its colour the outcome. */
    static Map<String, Object> chartSpec(List<Row> newestFirst) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = Math.min(newestFirst.size(), 50) - 1; i >= 0; i--) {
            Row r = newestFirst.get(i);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("release", "#" + r.id() + " " + SHORT.format(r.started()));
            v.put("seconds", r.took().map(d -> Math.round(d.toMillis() / 100.0) / 10.0).orElse(0.0));
            v.put("outcome", r.outcome());
            values.add(v);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "bar");
        spec.put("title", Map.of("text", "release duration (s) by outcome"));
        spec.put("data", List.of(Map.of("id", "releases", "values", values)));
        spec.put("xField", "release");
        spec.put("yField", "seconds");
        spec.put("seriesField", "outcome");
        spec.put("legends", Map.of("visible", true));
        return spec;
    }
}
