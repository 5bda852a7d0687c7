package com.larkops.cards;

import com.larkops.i18n.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lark card JSON 2.0, built from a few element kinds only (markdown, hr, button, column_set,
 * collapsible_panel, chart), each with properties Lark documents: 2.0 rejects unknown properties, and
 * the schema in the tests holds exactly these. Buttons sit directly in the elements (2.0 has no
 * {@code action} container) and carry their value in {@code behaviors[].value}.
 */
public final class CardJson {
    /** Lark refuses cards over 30 KB; ours stay well below by bounding every list and text. */
    public static final int MAX_MARKDOWN = 4000;

    private CardJson() {
    }

    /** Header colours Lark offers ({@code template}). */
    public enum Colour { BLUE, GREEN, RED, ORANGE, GREY, WATHET;
        String json() {
            return name().toLowerCase();
        }
    }

    /**
     * A card whose title and summary (the chat list's preview) are shown in each viewer's language
     * ({@code i18n_content}); {@code content} stays English.
     */
    public static Map<String, Object> card(Text title, Colour colour, Text summary, List<Map<String, Object>> elements) {
        return card(CardText.plain(title, 200), colour, CardText.put(new LinkedHashMap<>(), summary, s -> clip(s, 120)), elements);
    }

    private static Map<String, Object> card(Map<String, Object> title, Colour colour, Map<String, Object> summary,
                                            List<Map<String, Object>> elements) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("schema", "2.0");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("update_multi", true); // every member sees each update (2.0 allows only true)
        config.put("width_mode", "fill");
        config.put("summary", summary);
        card.put("config", config);
        card.put("header", Map.of("title", title, "template", colour.json()));
        card.put("body", Map.of("elements", List.copyOf(elements)));
        return card;
    }

    /** A copy of {@code card} with one more element at the end of its body. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> appended(Map<String, Object> card, Map<String, Object> element) {
        Map<String, Object> copy = new LinkedHashMap<>(card);
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) card.getOrDefault("body", Map.of()));
        List<Map<String, Object>> elements = new ArrayList<>((List<Map<String, Object>>) body.getOrDefault("elements", List.of()));
        elements.add(element);
        body.put("elements", elements);
        copy.put("body", body);
        return copy;
    }

    /** A markdown element in each viewer's language: English {@code content} and {@code i18n_content}. */
    public static Map<String, Object> markdown(Text content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", "markdown");
        return CardText.put(m, content, s -> clip(s, MAX_MARKDOWN));
    }

    /**
     * A markdown element of values only (names, versions, digests, tables of them): the same in every language, so
     * it carries no {@code i18n_content} (Lark shows {@code content} to every viewer) and costs one copy of the 30 KB.
     */
    public static Map<String, Object> values(String markdown) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", "markdown");
        m.put("content", clip(markdown, MAX_MARKDOWN));
        return m;
    }

    /** {@link #values} as small grey text. */
    public static Map<String, Object> valuesNote(String markdown) {
        Map<String, Object> m = values(markdown);
        m.put("text_size", "notation");
        return m;
    }

    /** Small grey text (what 1.0's {@code note} was). */
    public static Map<String, Object> note(Text content) {
        Map<String, Object> m = markdown(content);
        m.put("text_size", "notation");
        return m;
    }

    public static Map<String, Object> hr() {
        return Map.of("tag", "hr");
    }

    /** A callback button; {@code type} is default, primary or danger. */

    /** A callback button labelled in each viewer's language. */
    public static Map<String, Object> button(Text label, String type, Map<String, Object> value) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("tag", "button");
        b.put("text", CardText.plain(label, 40));
        b.put("type", type);
        b.put("behaviors", List.of(Map.of("type", "callback", "value", Map.copyOf(value))));
        return b;
    }

    /** Buttons side by side. */
    public static Map<String, Object> buttons(List<Map<String, Object>> buttons) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Map<String, Object> b : buttons) {
            columns.add(column("auto", List.of(b)));
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("tag", "column_set");
        set.put("flex_mode", "flow");
        set.put("horizontal_spacing", "small");
        set.put("columns", columns);
        return set;
    }

    /** A row of cells (e.g. a table line) as weighted columns. */

    /** A row of cells (e.g. a table line) as weighted columns; header cells are bold. */
    public static Map<String, Object> textRow(List<? extends Text> cellsMarkdown, boolean header) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Text cell : cellsMarkdown) {
            Map<String, Object> col = column("weighted", List.of(header ? note(cell.map(c -> "**" + c + "**")) : markdown(cell)));
            col.put("weight", 1);
            columns.add(col);
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("tag", "column_set");
        set.put("flex_mode", "none");
        set.put("horizontal_spacing", "small");
        set.put("columns", columns);
        return set;
    }

    private static Map<String, Object> column(String width, List<Map<String, Object>> elements) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tag", "column");
        c.put("width", width);
        c.put("vertical_align", "top");
        c.put("elements", List.copyOf(elements));
        return c;
    }

    /** A collapsible panel titled in each viewer's language. */
    public static Map<String, Object> panel(Text title, boolean expanded, List<Map<String, Object>> elements) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tag", "collapsible_panel");
        p.put("expanded", expanded);
        p.put("header", Map.of("title", CardText.plain(title, 100)));
        p.put("border", Map.of("color", "grey", "corner_radius", "5px"));
        p.put("elements", List.copyOf(elements));
        return p;
    }

    /** A chart element: {@code spec} is a VChart spec (type, data, fields). */
    public static Map<String, Object> chart(Map<String, Object> spec) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tag", "chart");
        c.put("aspect_ratio", "16:9");
        c.put("chart_spec", spec);
        return c;
    }

    static Map<String, Object> plain(String text) {
        return Map.of("tag", "plain_text", "content", text);
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
