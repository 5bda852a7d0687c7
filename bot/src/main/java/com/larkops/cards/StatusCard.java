package com.larkops.cards;

import com.larkops.model.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /digest} and {@code /status} as a card: one table row per service and env (version, short
 * digest, since, by whom as a mention, health, last known-good), drift in red under the table. Long
 * lists are split over several tables and capped, so the card stays within Lark's size limits.
 */
public final class StatusCard {
    static final int ROWS_PER_TABLE = 15;
    static final int MAX_ROWS = 90;
    static final int MAX_FULL_DIGESTS = 30;

    /** One service in one env; {@code version} empty when nothing runs. */
    public record Row(String service, String env, String version, String digest, Instant since, String by, String health,
                      List<String> drift, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest) {
        public Row {
            drift = List.copyOf(drift);
        }

        boolean running() {
            return !version.isBlank() || !digest.isBlank();
        }
    }

    private StatusCard() {
    }

    public static Map<String, Object> render(String title, List<Row> rows, Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        List<Row> shown = rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows;
        for (int start = 0; start < shown.size(); start += ROWS_PER_TABLE) {
            StringBuilder t = new StringBuilder("| Service | Env | Version | Digest | Since | By | Health | Last known-good |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (Row r : shown.subList(start, Math.min(shown.size(), start + ROWS_PER_TABLE))) {
                t.append("| ").append(Md.escape(r.service())).append(" | ").append(Md.escape(r.env())).append(" | ");
                if (r.running()) {
                    t.append(Md.escape(r.version())).append(" | `").append(Digest.shortOf(r.digest())).append("` | ")
                            .append(Md.when(r.since(), now)).append(" | ").append(Md.mention(r.by())).append(" | ")
                            .append(health(r.health()));
                } else {
                    t.append(Md.grey("not running")).append(" | | | | ");
                }
                t.append(r.drift().isEmpty() ? "" : " " + Md.red("**DRIFT**"));
                t.append(" | ").append(r.lastGoodVersion().map(v -> Md.escape(v) + " `" + Digest.shortOf(r.lastGoodDigest().orElse("")) + "`")
                        .orElse(Md.grey("none yet"))).append(" |\n");
            }
            elements.add(CardJson.markdown(t.toString().stripTrailing()));
        }
        if (rows.size() > shown.size()) {
            elements.add(CardJson.note((rows.size() - shown.size()) + " more rows not shown; ask for one service: /digest <service>"));
        }
        // the whole digest, to copy during an incident ("which digest is prod?"); the table has room for 12 hex only
        StringBuilder full = new StringBuilder();
        shown.stream().filter(Row::running).limit(MAX_FULL_DIGESTS).forEach(r -> full.append(Md.escape(r.service() + " " + r.env() + ": "
                + r.version() + " ")).append(r.digest().replaceAll("[^a-z0-9:]", "")).append('\n'));
        if (full.length() > 0) {
            elements.add(CardJson.note("Digests (copy)\n" + full.toString().stripTrailing()));
        }
        StringBuilder drift = new StringBuilder();
        for (Row r : shown) {
            for (String d : r.drift()) {
                if (drift.length() < 3000) {
                    drift.append(Md.red("**DRIFT**")).append(' ').append(Md.escape(r.service() + " " + r.env() + ": " + d)).append('\n');
                }
            }
        }
        if (drift.length() > 0) {
            elements.add(CardJson.markdown(drift.toString().stripTrailing()));
        }
        if (rows.isEmpty()) {
            elements.add(CardJson.markdown("no services configured in larkops.yaml"));
        }
        elements.add(CardJson.note("as of " + Md.absolute(now)));
        boolean anyDrift = rows.stream().anyMatch(r -> !r.drift().isEmpty());
        return CardJson.card(title, anyDrift ? CardJson.Colour.RED : CardJson.Colour.WATHET,
                title + (anyDrift ? " — DRIFT" : ""), elements);
    }

    private static String health(String h) {
        String e = Md.escape(h == null ? "?" : h);
        return "healthy".equals(h) || "running".equals(h) ? Md.green(e) : Md.red(e);
    }

}
