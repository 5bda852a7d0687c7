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

    /**
     * One service in one env: what serves now ({@code version} empty when nothing runs), and beside it a change of
     * larkops' own in progress. {@code shares}: under Swarm in the middle of an update, each digest the running
     * tasks serve and how many (empty when one digest serves). {@code tasks}: under Swarm, each running task with its
     * node and digest (empty under Docker).
     */
    public record Row(String service, String env, String version, String digest, Instant since, String by, String health,
                      List<String> drift, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest,
                      List<Share> shares, Optional<Change> change, List<TaskOn> tasks) {
        public Row {
            drift = List.copyOf(drift);
            shares = List.copyOf(shares);
            tasks = List.copyOf(tasks);
        }

        public Row(String service, String env, String version, String digest, Instant since, String by, String health,
                   List<String> drift, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest,
                   List<Share> shares, Optional<Change> change) {
            this(service, env, version, digest, since, by, health, drift, lastGoodVersion, lastGoodDigest, shares, change, List.of());
        }

        public Row(String service, String env, String version, String digest, Instant since, String by, String health,
                   List<String> drift, Optional<String> lastGoodVersion, Optional<String> lastGoodDigest) {
            this(service, env, version, digest, since, by, health, drift, lastGoodVersion, lastGoodDigest, List.of(), Optional.empty());
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
            return "task " + slot + " on " + (node.isBlank() ? "?" : node) + ": " + Digest.shortOf(digest);
        }
    }

    /**
     * A change larkops runs now, never what serves: {@code what} ("deploy", "rollback", or the lock's plan),
     * its target (version and digest, empty when the lock alone says a change runs), who, and the step it is at.
     */
    public record Change(String what, String version, String digest, String by, String step) {
        /** One line, plain text (the shell's answer; the card escapes it piece by piece). */
        public String line() {
            return what + (version.isBlank() ? "" : " " + version) + (digest.isBlank() ? "" : " (" + Digest.shortOf(digest) + ")")
                    + " by " + by + (step.isBlank() ? "" : " — step: " + step);
        }
    }

    static final int MAX_NODES = 30;
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

    public static Map<String, Object> render(String title, List<Row> rows, Instant now) {
        return render(title, rows, List.of(), now);
    }

    /** With {@code nodes} (Swarm): a table of the nodes and the tasks on each, above the services. */
    public static Map<String, Object> render(String title, List<Row> rows, List<Node> nodes, Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.addAll(nodeTables(nodes));
        List<Row> shown = rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows;
        for (int start = 0; start < shown.size(); start += ROWS_PER_TABLE) {
            StringBuilder t = new StringBuilder("| Service | Env | Version | Digest | Since | By | Health | Last known-good |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (Row r : shown.subList(start, Math.min(shown.size(), start + ROWS_PER_TABLE))) {
                t.append("| ").append(Md.escape(r.service())).append(" | ").append(Md.escape(r.env())).append(" | ");
                if (!r.shares().isEmpty()) {
                    t.append(Md.escape(String.join(" / ", r.shares().stream().map(Share::version).toList()))).append(" | ")
                            .append(String.join(", ", r.shares().stream().map(s -> "`" + Digest.shortOf(s.digest()) + "` ×" + s.tasks()).toList()))
                            .append(" | ").append(Md.when(r.since(), now)).append(" | ").append(Md.mention(r.by())).append(" | ")
                            .append(health(r.health()));
                } else if (r.running()) {
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
        StringBuilder tasks = new StringBuilder();
        shown.stream().filter(r -> !r.tasks().isEmpty()).limit(MAX_TASK_LINES).forEach(r -> tasks.append(Md.escape(r.service() + " "
                + r.env() + ": " + String.join(", ", r.tasks().stream().limit(MAX_TASKS_PER_NODE).map(TaskOn::line).toList())
                + (r.tasks().size() > MAX_TASKS_PER_NODE ? " +" + (r.tasks().size() - MAX_TASKS_PER_NODE) + " more" : ""))).append('\n'));
        if (tasks.length() > 0) {
            elements.add(CardJson.note("Tasks per node\n" + tasks.toString().stripTrailing()));
        }
        StringBuilder changes = new StringBuilder();
        for (Row r : shown) {
            r.change().filter(c -> changes.length() < 3000).ifPresent(c -> changes.append(changeLine(r, c)).append('\n'));
        }
        if (changes.length() > 0) {
            elements.add(CardJson.markdown(changes.toString().stripTrailing()));
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

    /** Tables of {@link #NODES_PER_TABLE} nodes, at most {@link #MAX_NODES}, each row's tasks capped: every element stays small. */
    private static List<Map<String, Object>> nodeTables(List<Node> nodes) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Node> shown = nodes.subList(0, Math.min(nodes.size(), MAX_NODES));
        for (int start = 0; start < shown.size(); start += NODES_PER_TABLE) {
            StringBuilder t = new StringBuilder(start == 0 ? "**Nodes: " + nodes.size() + "**\n" : "");
            t.append("| Node | Role | State | Tasks |\n|---|---|---|---|\n");
            for (Node n : shown.subList(start, Math.min(shown.size(), start + NODES_PER_TABLE))) {
                String state = Md.escape(CardJson.clip(n.state(), 40));
                List<String> tasks = n.tasks().subList(0, Math.min(n.tasks().size(), MAX_TASKS_PER_NODE));
                String more = n.tasks().size() > tasks.size() ? " +" + (n.tasks().size() - tasks.size()) + " more" : "";
                t.append("| ").append(Md.escape(CardJson.clip(n.hostname(), 64))).append(' ').append(Md.grey(Md.escape(shortId(n.id()))))
                        .append(n.labels().isBlank() ? "" : " " + Md.grey(Md.escape(CardJson.clip(n.labels(), 100))))
                        .append(" | ").append(Md.escape(CardJson.clip(n.role(), 20))).append(" | ").append(n.ok() ? Md.green(state) : Md.red(state))
                        .append(" | ").append(tasks.isEmpty() ? Md.grey("no tasks") : Md.escape(CardJson.clip(String.join(", ", tasks), 160)) + more)
                        .append(" |\n");
            }
            out.add(CardJson.markdown(t.toString().stripTrailing()));
        }
        if (nodes.size() > shown.size()) {
            out.add(CardJson.note((nodes.size() - shown.size()) + " more nodes not shown; the shell's /status lists them all"));
        }
        return out;
    }

    /** "**in progress** echo staging: deploy 3.0.0 `sha256:…` by @x — step: …": beside what serves, never as it. */
    private static String changeLine(Row r, Change c) {
        StringBuilder sb = new StringBuilder(Md.orange("**in progress**")).append(' ')
                .append(Md.escape(r.service() + " " + r.env() + ": " + c.what()));
        if (!c.version().isBlank()) {
            sb.append(' ').append(Md.escape(c.version()));
        }
        if (!c.digest().isBlank()) {
            sb.append(" `").append(Digest.shortOf(c.digest())).append('`');
        }
        sb.append(" by ").append(Md.mention(c.by()));
        if (!c.step().isBlank()) {
            sb.append(" — step: ").append(Md.escape(CardJson.clip(c.step(), 300)));
        }
        return sb.toString();
    }

    private static String shortId(String id) {
        return id == null ? "" : id.substring(0, Math.min(12, id.length()));
    }

    private static String health(String h) {
        String e = Md.escape(h == null ? "?" : h);
        return "healthy".equals(h) || "running".equals(h) ? Md.green(e) : Md.red(e);
    }

}
