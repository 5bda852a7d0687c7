package com.larkops.cards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A skill's card as larkops posts it: rebuilt from an allow-listed subset of what the skill sent, never
 * forwarded. Kept: its title and texts (escaped: no mention, tag or formatting of its own), fields, rules,
 * and links from link buttons when they are plain {@code http(s)} URLs. Dropped: every callback button (a
 * skill cannot put larkops action values on a larkops card), forms, images, anything else. The header is
 * larkops' own, "from skill <name>", so a skill's card never looks like an approval or change card. Cut to
 * fit Lark's 30 KB card limit, saying so.
 */
public final class SkillCard {
    /** Lark refuses cards over 30 KB; this leaves room for what a message carries around the card. */
    static final int MAX_BYTES = 28 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 8;

    private SkillCard() {
    }

    public static Map<String, Object> rebuild(String skill, Map<String, Object> card) {
        List<Map<String, Object>> kept = new ArrayList<>();
        int[] dropped = {0};
        if (card.get("header") instanceof Map<?, ?> header && header.get("title") instanceof Map<?, ?> title) {
            String t = text(title.get("content"));
            if (!t.isBlank()) {
                kept.add(CardJson.markdown(Text.verbatim("**" + Md.escape(t) + "**")));
            }
        }
        Object body = card.get("body") instanceof Map<?, ?> b ? b.get("elements") : card.get("elements");
        if (body instanceof Collection<?> elements) {
            elements.forEach(e -> keep(e, kept, dropped, 0));
        }
        List<Map<String, Object>> fitted = new ArrayList<>();
        Text title = Msg.of("pipeline.skill_card.title", skill);
        boolean cut = false;
        for (Map<String, Object> element : kept) {
            fitted.add(element);
            if (bytes(CardJson.card(title, CardJson.Colour.GREY, title, withNotes(fitted, true, dropped[0]))) > MAX_BYTES) {
                fitted.remove(fitted.size() - 1);
                cut = true;
                break;
            }
        }
        if (fitted.isEmpty() && !cut && dropped[0] == 0) {
            fitted.add(CardJson.markdown(Msg.of("pipeline.skill_card.empty")));
        }
        return CardJson.card(title, CardJson.Colour.GREY, title, withNotes(fitted, cut, dropped[0]));
    }

    private static List<Map<String, Object>> withNotes(List<Map<String, Object>> elements, boolean cut, int dropped) {
        List<Map<String, Object>> all = new ArrayList<>(elements);
        List<Text> notes = new ArrayList<>();
        if (cut) {
            notes.add(Msg.of("pipeline.skill_card.cut"));
        }
        if (dropped > 0) {
            notes.add(Msg.of("pipeline.skill_card.dropped", dropped));
        }
        if (!notes.isEmpty()) {
            all.add(CardJson.note(Msg.of("pipeline.skill_card.notes", Text.joined("; ", notes))));
        }
        return all;
    }

    private static void keep(Object node, List<Map<String, Object>> out, int[] dropped, int depth) {
        if (!(node instanceof Map<?, ?> e) || depth > MAX_DEPTH) {
            dropped[0]++;
            return;
        }
        String tag = text(e.get("tag"));
        switch (tag) {
            case "markdown", "lark_md", "plain_text" -> out.add(CardJson.markdown(escaped(e.get("content"))));
            case "hr" -> out.add(CardJson.hr());
            case "div" -> {
                if (e.get("text") instanceof Map<?, ?> t) {
                    out.add(CardJson.markdown(escaped(t.get("content"))));
                }
                if (e.get("fields") instanceof Collection<?> fields) {
                    fields(fields, out);
                }
            }
            case "note", "column_set", "column", "collapsible_panel", "form" -> {
                Object children = e.containsKey("columns") ? e.get("columns") : e.get("elements");
                if (children instanceof Collection<?> list) {
                    list.forEach(c -> keep(c, out, dropped, depth + 1));
                }
            }
            case "action" -> {
                if (e.get("actions") instanceof Collection<?> list) {
                    list.forEach(c -> keep(c, out, dropped, depth + 1));
                }
            }
            case "button" -> link(e).ifPresentOrElse(out::add, () -> dropped[0]++);
            default -> dropped[0]++;
        }
    }

    private static void fields(Collection<?> fields, List<Map<String, Object>> out) {
        List<Text> cells = new ArrayList<>();
        for (Object f : fields) {
            if (f instanceof Map<?, ?> field && field.get("text") instanceof Map<?, ?> t) {
                cells.add(escaped(t.get("content")));
            }
        }
        for (int i = 0; i < cells.size(); i += 2) {
            out.add(CardJson.textRow(cells.subList(i, Math.min(i + 2, cells.size())), false));
        }
    }

    /** A link button (1.0 {@code url}, or 2.0 {@code open_url}) as a markdown link; never a callback. */
    private static java.util.Optional<Map<String, Object>> link(Map<?, ?> button) {
        String url = text(button.get("url"));
        if (url.isEmpty() && button.get("behaviors") instanceof Collection<?> behaviors) {
            for (Object b : behaviors) {
                if (b instanceof Map<?, ?> behavior && "open_url".equals(behavior.get("type"))) {
                    url = text(behavior.get("default_url"));
                }
            }
        }
        if (!safeUrl(url)) {
            return java.util.Optional.empty();
        }
        String label = button.get("text") instanceof Map<?, ?> t ? text(t.get("content")) : "";
        return java.util.Optional.of(CardJson.markdown(Text.verbatim("[" + Md.escape(label.isBlank() ? url : label).replace("[", "［") + "](" + url + ")")));
    }

    /** {@code http(s)} with a host, and nothing that could end the markdown link early or open markup. */
    static boolean safeUrl(String url) {
        if (url.length() > 2000 || !url.matches("https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%\\[\\]-]+")) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && !uri.getHost().isBlank() && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The skill's own words: the same in every language, escaped (no mention, tag or formatting of its own). */
    private static Text escaped(Object o) {
        return Text.verbatim(Md.escape(text(o)));
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    static int bytes(Map<String, Object> card) {
        try {
            return JSON.writeValueAsString(card).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
