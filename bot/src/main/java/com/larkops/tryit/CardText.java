package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a Lark interactive card (JSON 1.0 {@code elements} or 2.0 {@code body.elements}) as terminal
 * text: the header title, every text, field and markdown block in order, a rule for {@code hr}, and each
 * button with what to type to click it ({@code :approve <request_id>}) — generically, whatever the card.
 */
final class CardText {
    private static final Set<String> SKIP = Set.of("header", "value", "behaviors", "config", "i18n_elements");

    private CardText() {
    }

    static String render(JsonNode card) {
        List<String> lines = new ArrayList<>();
        String title = card.path("header").path("title").path("content").asText("");
        if (!title.isBlank()) {
            lines.add("┌ " + title);
        }
        walk(card, lines);
        return String.join("\n", lines);
    }

    private static void walk(JsonNode node, List<String> lines) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, lines));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String tag = node.path("tag").asText("");
        switch (tag) {
            case "button" -> {
                lines.add("│ [" + node.path("text").path("content").asText("button") + "]" + clickHint(node));
                return;
            }
            case "hr" -> {
                lines.add("│ ────");
                return;
            }
            case "plain_text", "lark_md", "markdown" -> {
                String content = PlainText.markdown(node.path("content").asText(""));
                if (!content.isBlank()) {
                    content.lines().forEach(l -> lines.add("│ " + l));
                }
                return;
            }
            default -> {
            }
        }
        node.fields().forEachRemaining(e -> {
            if (!SKIP.contains(e.getKey())) {
                walk(e.getValue(), lines);
            }
        });
    }

    /** What to type to click: the button's value carries action and request_id (in value or behaviors[]). */
    private static String clickHint(JsonNode button) {
        JsonNode value = button.path("value");
        if (!value.has("action")) {
            for (JsonNode b : button.path("behaviors")) {
                if (b.path("value").has("action")) {
                    value = b.path("value");
                }
            }
        }
        String action = value.path("action").asText("");
        String request = value.path("request_id").asText("");
        return action.isBlank() ? "" : "   type  :" + action + (request.isBlank() ? "" : " " + request);
    }
}
