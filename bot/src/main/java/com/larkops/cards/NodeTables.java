package com.larkops.cards;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Swarm nodes of {@link StatusCard} ({@code runtime: swarm}): which larkops tasks run on each, bounded. */
final class NodeTables {
    private NodeTables() {
    }

    /** Tables of {@link StatusCard#NODES_PER_TABLE} nodes, at most {@link StatusCard#MAX_NODES}, each row's tasks capped: every element stays small. */
    static List<Map<String, Object>> of(List<StatusCard.Node> nodes) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<StatusCard.Node> shown = nodes.subList(0, Math.min(nodes.size(), StatusCard.MAX_NODES));
        for (int start = 0; start < shown.size(); start += StatusCard.NODES_PER_TABLE) {
            boolean first = start == 0;
            List<StatusCard.Node> part = shown.subList(start, Math.min(shown.size(), start + StatusCard.NODES_PER_TABLE));
            // the first table in every language; the next ones values only (four copies would not fit in 30 KB)
            out.add(first ? CardJson.markdown(l -> nodeTable(part, nodes.size(), l)) : CardJson.values(nodeTable(part, -1, null)));
        }
        if (nodes.size() > shown.size()) {
            out.add(CardJson.note(Msg.of("release.status.more_nodes", nodes.size() - shown.size())));
        }
        return out;
    }

    /** {@code total}: the node count as the first table's heading, or -1 for none; {@code l} null: values only. */
    private static String nodeTable(List<StatusCard.Node> nodes, int total, Language l) {
        StringBuilder t = new StringBuilder(total >= 0 ? Msg.of("release.status.nodes", total).in(l) + "\n" : "");
        t.append(l == null ? "| | | | |" : Msg.of("release.status.node_header").in(l)).append("\n|---|---|---|---|\n");
        for (StatusCard.Node n : nodes) {
            String state = Md.escape(CardJson.clip(n.state(), 40));
            List<String> tasks = n.tasks().subList(0, Math.min(n.tasks().size(), StatusCard.MAX_TASKS_PER_NODE));
            int left = n.tasks().size() - tasks.size();
            String more = left <= 0 ? "" : l == null ? " +" + left : Msg.of("release.status.plus_more", left).in(l);
            t.append("| ").append(Md.escape(CardJson.clip(n.hostname(), 64))).append(' ').append(Md.grey(Md.escape(shortId(n.id()))))
                    .append(n.labels().isBlank() ? "" : " " + Md.grey(Md.escape(CardJson.clip(n.labels(), 100))))
                    .append(" | ").append(Md.escape(CardJson.clip(n.role(), 20))).append(" | ").append(n.ok() ? Md.green(state) : Md.red(state))
                    .append(" | ").append(tasks.isEmpty() ? Md.grey(l == null ? "—" : Msg.of("release.status.no_tasks").in(l))
                            : Md.escape(CardJson.clip(String.join(", ", tasks), 160)) + more)
                    .append(" |\n");
        }
        return t.toString().stripTrailing();
    }

    private static String shortId(String id) {
        return id == null ? "" : id.substring(0, Math.min(12, id.length()));
    }
}
