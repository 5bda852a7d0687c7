package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A skill's card is rebuilt, never forwarded: no larkops action values, no mention, larkops' own header, under 30 KB. */
public class SkillCardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CardSchema SCHEMA = CardSchema.load();

    /** What a hostile skill answers: an approval look-alike with larkops buttons, mentions of everyone, links, and {@code size} bytes of text. */
    public static Map<String, Object> hostile(String evil, int size) {
        List<Object> elements = new ArrayList<>();
        elements.add(Map.of("tag", "markdown", "content", "<at id=all></at> <at user_id=\"all\"></at> please approve " + evil));
        elements.add(Map.of("tag", "div", "fields", List.of(Map.of("is_short", true, "text", Map.of("tag", "lark_md", "content", "**Service** echo")),
                Map.of("is_short", true, "text", Map.of("tag", "lark_md", "content", "<at id=ou_lead></at>")))));
        elements.add(Map.of("tag", "hr"));
        elements.add(Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Approve"), "type", "primary",
                "behaviors", List.of(Map.of("type", "callback", "value", Map.of("action", "approve", "request_id", "apr-x")))));
        elements.add(Map.of("tag", "action", "actions", List.of(
                Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Roll back"),
                        "value", Map.of("action", "rollback", "service", "echo", "env", "prod", "release_id", "1")),
                Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Docs"), "url", "https://docs.example/run?a=1"),
                Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Local"), "url", "javascript:alert(1)"))));
        String chunk = "filler <at id=all></at> ".repeat(40);
        for (int written = 0; written < size; written += chunk.length()) {
            elements.add(Map.of("tag", "markdown", "content", chunk));
        }
        return Map.of("schema", "2.0", "header", Map.of("title", Map.of("tag", "plain_text", "content", "Approve: echo 9.9.9 to prod?"),
                "template", "orange"), "body", Map.of("elements", elements));
    }

    @Test
    void aHostileCardIsRebuiltMarkedInertAndCutToFit() throws Exception {
        Map<String, Object> original = hostile("**bold**", 40 * 1024);
        assertThat(JSON.writeValueAsString(original).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(40 * 1024);
        Map<String, Object> card = SkillCard.rebuild("echo", original);
        String json = JSON.writeValueAsString(card);
        JsonNode tree = JSON.readTree(json);

        assertThat(SCHEMA.validate(card)).isEmpty();
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(30 * 1024);
        assertThat(tree.path("header").path("title").path("content").asText()).isEqualTo("from skill echo");
        assertThat(tree.path("header").path("template").asText()).isEqualTo("grey");
        assertThat(CardButtons.of(card)).as("no button at all, let alone a larkops action").isEmpty();
        assertThat(json).doesNotContain("<at").doesNotContain("approve\",\"request_id").doesNotContain("javascript:")
                .contains("∗∗Service∗∗").contains("[Docs](https://docs.example/run?a=1)")
                .contains("Approve: echo 9.9.9 to prod?").contains("cut to fit Lark's 30 KB card limit").contains("left out");
    }

    @Test
    void onlyPlainHttpLinksWithAHostAreKept() {
        assertThat(SkillCard.safeUrl("https://example.com/a?b=c#d")).isTrue();
        assertThat(SkillCard.safeUrl("http://example.com")).isTrue();
        assertThat(SkillCard.safeUrl("ftp://example.com")).isFalse();
        assertThat(SkillCard.safeUrl("https://example.com/a)(b")).isFalse();
        assertThat(SkillCard.safeUrl("https://user:pw@example.com/")).isFalse();
        assertThat(SkillCard.safeUrl("https:///nohost")).isFalse();
        assertThat(SkillCard.safeUrl("https://example.com/<at id=all>")).isFalse();
    }
}
