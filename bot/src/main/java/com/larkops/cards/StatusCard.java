package com.larkops.cards;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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

    /**
     * One service in one env: what serves now ({@code version} empty when nothing runs), and beside it a change of
     * larkops' own in progress. {@code shares}: under Swarm in the middle of an update, each digest the running
     * tasks serve and how many (empty when one digest serves). {@code tasks}: under Swarm, each running task with its
     * node and digest (empty under Docker). {@code health}: the engine's word, or larkops' own probe's
     * ({@code healthy}, {@code UNHEALTHY}, {@code running}). {@code drifts}: what differs, one line each.
     */
    public record Row(String service, String env, String version, String digest, Instant since, String by, String health,
                      List<Text> drifts, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest,
                      List<Share> shares, Optional<Change> change, List<TaskOn> tasks) {
        public Row {
            drifts = List.copyOf(drifts);
            shares = List.copyOf(shares);
            tasks = List.copyOf(tasks);
        }

        public Row(String service, String env, String version, String digest, Instant since, String by, String health,
                   List<Text> drifts, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest,
                   List<Share> shares, Optional<Change> change) {
            this(service, env, version, digest, since, by, health, drifts, lastGoodVersion, lastGoodDigest, shares, change, List.of());
        }

        public Row(String service, String env, String version, String digest, Instant since, String by, String health,
                   List<Text> drifts, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest) {
            this(service, env, version, digest, since, by, health, drifts, lastGoodVersion, lastGoodDigest, List.of(), Optional.empty());
        }

        /** The drift lines in English (logs, the incident watch). */
        public List<String> drift() {
            return drifts.stream().map(d -> d.in(Language.DEFAULT)).toList();
        }

        boolean running() {
            return !version.isBlank() || !digest.isBlank();
        }
    }

    /** Running Swarm tasks on one digest. */
    public record Share(String version, String digest, int tasks) {
    }

    static final int MAX_TASK_LINES = 40;

    /** One running Swarm task: its slot, the node (hostname) it runs on, and its digest. */
    public record TaskOn(int slot, String node, String digest) {
        /** {@code task 1 on lksw-node-a: sha256:0123456789ab}, the same words in the shell and on the card. */
        public String line() {
            return text().in(Language.DEFAULT);
        }

        public Text text() {
            return Msg.of("release.status.task_on", slot, node.isBlank() ? "?" : node, Digest.shortOf(digest));
        }
    }

    /**
     * A change larkops runs now, never what serves: {@code what} ("deploy", "rollback", or the lock's plan),
     * its target (version and digest, empty when the lock alone says a change runs), who, and the step it is at.
     */
    public record Change(Text whatText, String version, String digest, String by, Text stepText) {
        /** English (logs, tests). */
        public String what() {
            return whatText.in(Language.DEFAULT);
        }

        /** English (logs, tests). */
        public String step() {
            return stepText.in(Language.DEFAULT);
        }

        /** One line in English (logs, tests). */
        public String line() {
            return text().in(Language.DEFAULT);
        }

        /** One line, plain text (the shell's answer; the card escapes it piece by piece). */
        public Text text() {
            Text what = whatText;
            Text step = stepText;
            Text target = Text.verbatim((version.isBlank() ? "" : " " + version) + (digest.isBlank() ? "" : " (" + Digest.shortOf(digest) + ")"));
            return step.in(Language.DEFAULT).isBlank() ? Msg.of("release.status.change", what, target, by)
                    : Msg.of("release.status.change_step", what, target, by, step);
        }
    }

    /** The contract's word for "runs other than larkops deployed" and the marker of a change beside what serves. */
    private static final Text DRIFT = Msg.of("release.status.drift").map(w -> Md.red("**" + w + "**"));
    private static final Text IN_PROGRESS = Msg.of("release.status.in_progress_word").map(w -> Md.orange("**" + w + "**"));

    static final int MAX_NODES = 30;
    /** The in-progress and drift lines, each in every language: about this many characters of each. */
    static final int MAX_LINES_CHARS = 1500;
    static final int NODES_PER_TABLE = 10;
    static final int MAX_TASKS_PER_NODE = 10;

    /**
     * A Swarm node ({@code runtime: swarm}) and the larkops tasks running on it ({@code web-staging.1}).
     *
     * @param state        the engine's node state and availability, {@code ready/active}, {@code down/drain}
     */
    public record Node(String hostname, String id, String role, String state, String labels, List<String> tasks) {
        public Node {
            tasks = List.copyOf(tasks);
        }

        boolean ok() {
            return "ready/active".equals(state);
        }
    }

    private StatusCard() {
    }

    public static Map<String, Object> render(Text title, List<Row> rows, Instant now) {
        return render(title, rows, List.of(), now);
    }

    /** With {@code nodes} (Swarm): a table of the nodes and the tasks on each, above the services. */
    public static Map<String, Object> render(Text title, List<Row> rows, List<Node> nodes, Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.addAll(NodeTables.of(nodes));
        List<Row> shown = rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows;
        // a table in every language takes four times the bytes: a fleet larger than one table gets one legend in every
        // language and tables of values only (symbols for the words), so that the card stays under Lark's 30 KB
        boolean compact = shown.size() > ROWS_PER_TABLE;
        if (compact) {
            elements.add(CardJson.note(Msg.of("release.status.legend")));
        }
        for (int start = 0; start < shown.size(); start += ROWS_PER_TABLE) {
            List<Row> part = shown.subList(start, Math.min(shown.size(), start + ROWS_PER_TABLE));
            elements.add(compact ? CardJson.values(compactTable(part)) : CardJson.markdown(l -> serviceTable(part, now, l)));
        }
        if (rows.size() > shown.size()) {
            elements.add(CardJson.note(Msg.of("release.status.more_rows", rows.size() - shown.size())));
        }
        // the whole digest, to copy during an incident ("which digest is prod?"); the table has room for 12 hex only
        StringBuilder full = new StringBuilder();
        shown.stream().filter(Row::running).limit(MAX_FULL_DIGESTS).forEach(r -> full.append(Md.escape(r.service() + " " + r.env() + ": "
                + r.version() + " ")).append(r.digest().replaceAll("[^a-z0-9:]", "")).append('\n'));
        if (full.length() > 0) {
            elements.add(CardJson.note(Msg.of("release.status.digests_copy")));
            elements.add(CardJson.valuesNote(full.toString().stripTrailing()));
        }
        List<Text> taskLines = new ArrayList<>();
        shown.stream().filter(r -> !r.tasks().isEmpty()).limit(MAX_TASK_LINES).forEach(r -> taskLines.add(Text.concat(
                Text.verbatim(Md.escape(r.service() + " " + r.env() + ": ")),
                Text.joined(", ", r.tasks().stream().limit(MAX_TASKS_PER_NODE).map(t -> t.text().map(Md::escape)).toList()),
                r.tasks().size() > MAX_TASKS_PER_NODE ? Msg.of("release.status.plus_more", r.tasks().size() - MAX_TASKS_PER_NODE)
                        : Text.verbatim(""))));
        if (!taskLines.isEmpty()) {
            elements.add(CardJson.note(Msg.of("release.status.tasks_per_node", Text.lines(taskLines))));
        }
        List<Text> changes = new ArrayList<>();
        int changeChars = 0;
        for (Row r : shown) {
            if (r.change().isPresent() && changeChars < MAX_LINES_CHARS) {
                Text line = changeLine(r, r.change().get());
                changes.add(line);
                changeChars += line.in(Language.DEFAULT).length() + 1;
            }
        }
        if (!changes.isEmpty()) {
            elements.add(CardJson.markdown(Text.lines(changes)));
        }
        List<Text> drift = new ArrayList<>();
        int driftChars = 0;
        for (Row r : shown) {
            for (Text d : r.drifts()) {
                if (driftChars < MAX_LINES_CHARS) {
                    Text line = Msg.of("release.status.drift_line", DRIFT, Md.escape(r.service() + " " + r.env()),
                            d.map(Md::escape));
                    drift.add(line);
                    driftChars += line.in(Language.DEFAULT).length() + 1;
                }
            }
        }
        if (!drift.isEmpty()) {
            elements.add(CardJson.markdown(Text.lines(drift)));
        }
        if (rows.isEmpty()) {
            elements.add(CardJson.markdown(Msg.of("release.status.no_services")));
        }
        elements.add(CardJson.note(Msg.of("release.status.as_of", Md.absolute(now))));
        boolean anyDrift = rows.stream().anyMatch(r -> !r.drifts().isEmpty());
        return CardJson.card(title, anyDrift ? CardJson.Colour.RED : CardJson.Colour.WATHET,
                anyDrift ? Msg.of("release.status.summary_drift", title) : title, elements);
    }

    /** One table of services: the header in {@code l}, a row per service and env. */
    private static String serviceTable(List<Row> rows, Instant now, Language l) {
        StringBuilder t = new StringBuilder(Msg.of("release.status.table_header").in(l)).append("\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            t.append("| ").append(Md.escape(r.service())).append(" | ").append(Md.escape(r.env())).append(" | ");
            if (!r.shares().isEmpty()) {
                t.append(Md.escape(String.join(" / ", r.shares().stream().map(Share::version).toList()))).append(" | ")
                        .append(String.join(", ", r.shares().stream().map(s -> "`" + Digest.shortOf(s.digest()) + "` ×" + s.tasks()).toList()))
                        .append(" | ").append(when(r.since(), now).in(l)).append(" | ").append(Md.mention(r.by())).append(" | ")
                        .append(health(r.health()).in(l));
            } else if (r.running()) {
                t.append(Md.escape(r.version())).append(" | `").append(Digest.shortOf(r.digest())).append("` | ")
                        .append(when(r.since(), now).in(l)).append(" | ").append(Md.mention(r.by())).append(" | ")
                        .append(health(r.health()).in(l));
            } else {
                t.append(Md.grey(Msg.of("release.status.not_running").in(l))).append(" | | | | ");
            }
            t.append(r.drifts().isEmpty() ? "" : " " + DRIFT.in(l));
            t.append(" | ").append(r.lastGoodVersion().map(v -> Md.escape(v) + " `" + Digest.shortOf(r.lastGoodDigest().orElse("")) + "`")
                    .orElse(Md.grey(Msg.of("release.status.none_yet").in(l)))).append(" |\n");
        }
        return t.toString().stripTrailing();
    }

    /** Values and symbols only, the same in every language ({@code release.status.legend} explains them). */
    private static String compactTable(List<Row> rows) {
        StringBuilder t = new StringBuilder("| | | | | | | | |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            t.append("| ").append(Md.escape(r.service())).append(" | ").append(Md.escape(r.env())).append(" | ");
            if (r.running()) {
                String version = r.shares().isEmpty() ? r.version() : String.join(" / ", r.shares().stream().map(Share::version).toList());
                t.append(Md.escape(version)).append(" | `").append(Digest.shortOf(r.digest())).append("` | ")
                        .append(Md.absolute(r.since())).append(" | ").append(Md.mention(r.by())).append(" | ").append(healthSymbol(r.health()));
            } else {
                t.append(Md.grey("—")).append(" | | | | ");
            }
            t.append(r.drifts().isEmpty() ? "" : " " + Md.red("⚠"));
            t.append(" | ").append(r.lastGoodVersion().map(v -> Md.escape(v) + " `" + Digest.shortOf(r.lastGoodDigest().orElse("")) + "`")
                    .orElse(Md.grey("—"))).append(" |\n");
        }
        return t.toString().stripTrailing();
    }

    private static String healthSymbol(String h) {
        return "healthy".equals(h) || "running".equals(h) ? Md.green("✓") : Md.red("✗ " + Md.escape(h == null ? "?" : h));
    }

    /** {@code 3m ago (2026-11-28 04:10:00 UTC)}, in each language. */
    static Text when(Instant t, Instant now) {
        return Md.when(t, now);
    }

    /** "**in progress** echo staging: deploy 3.0.0 `sha256:…` by @x — step: …": beside what serves, never as it. */
    private static Text changeLine(Row r, Change c) {
        String target = (c.version().isBlank() ? "" : " " + Md.escape(c.version()))
                + (c.digest().isBlank() ? "" : " `" + Digest.shortOf(c.digest()) + "`");
        Text what = c.whatText().map(Md::escape);
        return c.step().isBlank()
                ? Msg.of("release.status.in_progress", IN_PROGRESS, Md.escape(r.service() + " " + r.env()), what, target,
                Md.mention(c.by()))
                : Msg.of("release.status.in_progress_step", IN_PROGRESS, Md.escape(r.service() + " " + r.env()), what, target,
                Md.mention(c.by()), c.stepText().map(st -> Md.escape(CardJson.clip(st, 300))));
    }

    /** The engine's health word as it is; larkops' own probe words in each language. */
    private static Text health(String h) {
        Text word = switch (h == null ? "" : h) {
            case "healthy" -> Msg.of("release.health.healthy");
            case "running" -> Msg.of("release.health.running");
            case "UNHEALTHY" -> Msg.of("release.health.unhealthy");
            default -> Text.verbatim(Md.escape(h == null ? "?" : h));
        };
        return "healthy".equals(h) || "running".equals(h) ? word.map(Md::green) : word.map(Md::red);
    }
}
