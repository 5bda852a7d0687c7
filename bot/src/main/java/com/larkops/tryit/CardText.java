package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.i18n.Language;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a Lark interactive card (JSON 2.0 {@code body.elements}, or 1.0 {@code elements}) as terminal
 * text, so a newcomer sees what the chat would show: the header title with its colour as a word, the
 * markdown made plain (mentions as {@code @ou_…}, red text as {@code !…!}, tables as aligned columns,
 * code blocks indented), collapsed panels marked {@code ▸}, a chart summarised, and each button
 * numbered with what to type to click it ({@code :click 3}). Updates can be shown as a compact diff.
 */
final class CardText {
    private static final Set<String> SKIP = Set.of("header", "value", "behaviors", "config", "i18n_elements", "chart_spec",
            "i18n_content");
    private static final Pattern MENTION = Pattern.compile("<at id=([A-Za-z0-9_:.-]{1,80})></at>");
    private static final Pattern RED = Pattern.compile("<font color='red'>([^<]{0,400})</font>");
    private static final Pattern FONT = Pattern.compile("</?font[^>]{0,40}>");
    private static final Pattern ENTITY = Pattern.compile("&#([0-9]{1,5});");

    /** A card as text, with the callback values of its buttons in the order they were numbered. */
    record Rendered(String text, List<JsonNode> buttons) {
    }

    private CardText() {
    }

    static String render(JsonNode card) {
        return render(card, 1).text();
    }

    /** Renders {@code card} in English (every element's {@code content}), numbering its buttons from {@code firstButton}. */
    static Rendered render(JsonNode card, int firstButton) {
        return render(card, firstButton, Language.DEFAULT);
    }

    /**
     * Renders {@code card} as a Lark user with {@code language} sees it: each text's {@code i18n_content} in that
     * language where the card carries one, its {@code content} otherwise.
     */
    static Rendered render(JsonNode card, int firstButton, Language language) {
        return renderIn(card, firstButton, language);
    }

    /** The text of a {@code content}-bearing node in the language being rendered. */
    private static String content(JsonNode node, String fallback, Language language) {
        JsonNode localised = node.path("i18n_content").path(language.key());
        return localised.isTextual() ? localised.asText() : node.path("content").asText(fallback);
    }

    private static Rendered renderIn(JsonNode card, int firstButton, Language language) {
        List<String> lines = new ArrayList<>();
        List<JsonNode> buttons = new ArrayList<>();
        String title = content(card.path("header").path("title"), "", language);
        if (!title.isBlank()) {
            String colour = card.path("header").path("template").asText("");
            lines.add("┌ " + title + (colour.equals("red") ? "  [!]" : ""));
        }
        walk(card, lines, buttons, firstButton, "│ ", language);
        if (!buttons.isEmpty()) {
            StringBuilder hint = new StringBuilder("└ click:");
            for (int i = 0; i < buttons.size(); i++) {
                hint.append("  :click ").append(firstButton + i);
            }
            lines.add(hint.toString());
        }
        return new Rendered(String.join("\n", lines), buttons);
    }

    /** The lines of {@code after} that are new or changed since {@code before}, marked {@code ~}; the title always. */
    static String diff(String before, String after) {
        Set<String> old = new LinkedHashSet<>(before.lines().toList());
        List<String> out = new ArrayList<>();
        List<String> now = after.lines().toList();
        for (int i = 0; i < now.size(); i++) {
            String l = now.get(i);
            if (i == 0 || !old.contains(l)) {
                out.add(i == 0 ? l : "~ " + l);
            }
        }
        return String.join("\n", out);
    }

    private static void walk(JsonNode node, List<String> lines, List<JsonNode> buttons, int first, String indent, Language language) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, lines, buttons, first, indent, language));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        switch (node.path("tag").asText("")) {
            case "button" -> {
                buttons.add(valueOf(node));
                lines.add(indent + "[" + (first + buttons.size() - 1) + "] " + content(node.path("text"), "button", language)
                        + legacyHint(node));
                return;
            }
            case "column_set" -> {
                if (allButtons(node)) {
                    StringBuilder row = new StringBuilder(indent);
                    for (JsonNode b : node.findParents("behaviors")) {
                        buttons.add(valueOf(b));
                        row.append("[").append(first + buttons.size() - 1).append("] ").append(content(b.path("text"), "", language))
                                .append(legacyHint(b)).append("   ");
                    }
                    lines.add(row.toString().stripTrailing());
                    return;
                }
            }
            case "hr" -> {
                lines.add(indent + "────");
                return;
            }
            case "collapsible_panel" -> {
                lines.add(indent + (node.path("expanded").asBoolean() ? "▾ " : "▸ ") + content(node.path("header").path("title"), "", language));
                walk(node.path("elements"), lines, buttons, first, indent + "  ", language);
                return;
            }
            case "chart" -> {
                lines.add(indent + chart(node.path("chart_spec")));
                return;
            }
            case "plain_text", "lark_md", "markdown" -> {
                markdown(content(node, "", language), lines, indent);
                return;
            }
            default -> {
            }
        }
        node.fields().forEachRemaining(e -> {
            if (!SKIP.contains(e.getKey())) {
                walk(e.getValue(), lines, buttons, first, indent, language);
            }
        });
    }

    private static boolean allButtons(JsonNode columnSet) {
        List<JsonNode> tagged = columnSet.findParents("tag").stream().filter(n -> !n.path("tag").asText().equals("column")
                && !n.path("tag").asText().equals("column_set")).toList();
        return !tagged.isEmpty() && tagged.stream().allMatch(n -> n.path("tag").asText().equals("button") || n.path("tag").asText().equals("plain_text"));
    }

    private static JsonNode valueOf(JsonNode button) {
        for (JsonNode b : button.path("behaviors")) {
            if (b.has("value")) {
                return b.path("value");
            }
        }
        return button.path("value");
    }

    /** 1.0 cards: the old way to click, kept so older cards stay usable. */
    private static String legacyHint(JsonNode button) {
        JsonNode value = valueOf(button);
        String action = value.path("action").asText("");
        String request = value.path("request_id").asText("");
        return action.isBlank() || request.isBlank() ? "" : "   (or :" + action + " " + request + ")";
    }

    private static void markdown(String content, List<String> lines, String indent) {
        if (content.isBlank()) {
            return;
        }
        List<String[]> table = new ArrayList<>();
        boolean code = false;
        for (String raw : content.split("\n", -1)) {
            if (raw.startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                lines.add(indent + "    " + raw);
                continue;
            }
            String l = plain(raw);
            if (raw.startsWith("|")) {
                if (!raw.startsWith("|---")) {
                    table.add(cells(l));
                }
                continue;
            }
            flushTable(table, lines, indent);
            lines.add(indent + l);
        }
        flushTable(table, lines, indent);
    }

    private static String[] cells(String row) {
        String r = row.strip();
        r = r.substring(1, r.endsWith("|") && r.length() > 1 ? r.length() - 1 : r.length());
        String[] cells = r.split("\\|", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = entities(cells[i].strip());
        }
        return cells;
    }

    private static void flushTable(List<String[]> table, List<String> lines, String indent) {
        if (table.isEmpty()) {
            return;
        }
        int cols = table.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : table) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.min(40, Math.max(width[i], PlainText.width(r[i])));
            }
        }
        for (String[] r : table) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                // padded by terminal columns: a Chinese header takes two a character
                sb.append(i == 0 ? "" : " │ ").append(r[i]).append(" ".repeat(Math.max(0, Math.max(1, width[i]) - PlainText.width(r[i]))));
            }
            lines.add(sb.toString().stripTrailing());
        }
        table.clear();
    }

    /** Markdown to terminal text; table cells keep their entities until split (an escaped | must not split). */
    private static String plain(String line) {
        String l = MENTION.matcher(line).replaceAll("@$1");
        l = RED.matcher(l).replaceAll("!$1!");
        l = FONT.matcher(l).replaceAll("");
        l = l.replace("**", "").replace("`", "");
        return line.startsWith("|") ? l : entities(l);
    }

    private static String entities(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))));
        }
        m.appendTail(sb);
        return sb.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A chart as one line per bar (at most 10, the newest), scaled to 30 characters. */
    private static String chart(JsonNode spec) {
        String title = spec.path("title").path("text").asText("chart");
        JsonNode values = spec.path("data").path(0).path("values");
        String x = spec.path("xField").asText();
        String y = spec.path("yField").asText();
        String series = spec.path("seriesField").asText();
        double max = 0;
        for (JsonNode v : values) {
            max = Math.max(max, v.path(y).asDouble());
        }
        StringBuilder sb = new StringBuilder("chart: " + title);
        for (int i = Math.max(0, values.size() - 10); i < values.size(); i++) {
            JsonNode v = values.get(i);
            int len = max <= 0 ? 0 : (int) Math.round(30 * v.path(y).asDouble() / max);
            sb.append("\n    ").append(String.format("%-18s", v.path(x).asText())).append(' ').append("█".repeat(len))
                    .append(' ').append(v.path(y).asText()).append(series.isEmpty() ? "" : " " + v.path(series).asText());
        }
        return sb.toString();
    }
}
