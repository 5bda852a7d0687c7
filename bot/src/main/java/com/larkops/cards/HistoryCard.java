package com.larkops.cards;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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

    /**
     * One release. {@code kind} and {@code outcomeWord}: the words shown; {@code outcome}: the outcome's label
     * ({@code live}, {@code failed} …), the chart's series and the row's colour.
     */
    public record Row(long id, Instant started, String env, Text kind, String version, String digest, String outcome,
                      Text outcomeWord, boolean knownGood, String by, Optional<Duration> took, String detail) {
    }

    private HistoryCard() {
    }

    public static Map<String, Object> render(String service, List<Row> newestFirst, Instant now) {
        return render(service, newestFirst, now, com.larkops.i18n.Language.DEFAULT);
    }

    /** {@code chartLanguage}: the chart title's (a VChart spec has no per-viewer language: the config's {@code language:}). */
    public static Map<String, Object> render(String service, List<Row> newestFirst, Instant now, com.larkops.i18n.Language chartLanguage) {
        List<Map<String, Object>> elements = new ArrayList<>();
        if (newestFirst.isEmpty()) {
            elements.add(CardJson.markdown(Msg.of("release.history.none", Md.escape(service))));
        } else {
            elements.add(CardJson.chart(chartSpec(newestFirst, chartLanguage)));
            List<Row> shown = newestFirst.subList(0, Math.min(MAX_ROWS, newestFirst.size()));
            elements.add(CardJson.markdown(l -> table(shown, now, l)));
            StringBuilder failures = new StringBuilder();
            for (Row r : shown) {
                if ("failed".equals(r.outcome()) && !r.detail().isBlank()) {
                    failures.append("#").append(r.id()).append(": ").append(Md.escape(CardJson.clip(r.detail().lines().findFirst().orElse(""), 160)))
                            .append('\n');
                }
            }
            if (failures.length() > 0) {
                elements.add(CardJson.panel(Msg.of("release.history.why_failed"), false,
                        List.of(CardJson.markdown(Text.verbatim(failures.toString().stripTrailing())))));
            }
        }
        Text title = Msg.of("release.history.title", service, newestFirst.size());
        return CardJson.card(title, CardJson.Colour.WATHET, title, elements);
    }

    private static String table(List<Row> rows, Instant now, Language l) {
        StringBuilder t = new StringBuilder(Msg.of("release.history.table_header").in(l)).append("\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            t.append("| ").append(r.id()).append(" | ").append(StatusCard.when(r.started(), now).in(l)).append(" | ").append(Md.escape(r.env()))
                    .append(" | ").append(Md.escape(r.kind().in(l))).append(" | ").append(Md.escape(r.version())).append(" | `")
                    .append(Digest.shortOf(r.digest())).append("` | ").append(outcome(r, l)).append(" | ")
                    .append(Md.mention(r.by())).append(" | ").append(r.took().map(Md::human).orElse("")).append(" |\n");
        }
        return t.toString().stripTrailing();
    }

    private static String outcome(Row r, Language l) {
        String o = Md.escape(r.outcomeWord().in(l)) + (r.knownGood() ? " ✓ " + Msg.of("release.history.known_good_mark").in(l) : "");
        return "failed".equals(r.outcome()) ? Md.red(o) : "live".equals(r.outcome()) ? Md.green(o) : o;
    }

    /** A VChart bar spec: one bar per release (oldest left), its height the seconds it took, its colour the outcome. */
    static Map<String, Object> chartSpec(List<Row> newestFirst, com.larkops.i18n.Language language) {
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
        // a VChart spec has no per-viewer language: its title is in the config's language (English by default)
        spec.put("title", Map.of("text", Msg.of("release.history.chart").in(language)));
        spec.put("data", List.of(Map.of("id", "releases", "values", values)));
        spec.put("xField", "release");
        spec.put("yField", "seconds");
        spec.put("seriesField", "outcome");
        spec.put("legends", Map.of("visible", true));
        return spec;
    }
}
