package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuilt skill card speaks larkops' three languages in its own words, and the skill's words stay its own in all of them. */
class SkillCardLanguagesTest {
    @Test
    void larkopsWordsAreMultilingualTheSkillsAreVerbatim() {
        Map<String, Object> original = Map.of("schema", "2.0", "body", Map.of("elements", List.of(
                Map.of("tag", "markdown", "content", "hello **world**"),
                Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", "Approve"), "type", "primary"))));
        JsonNode card = new ObjectMapper().valueToTree(SkillCard.rebuild("echo", original));

        JsonNode title = card.path("header").path("title");
        assertThat(title.path("content").asText()).isEqualTo("from skill echo");
        assertThat(title.path("i18n_content").path("zh_cn").asText()).isEqualTo("来自技能 echo");
        assertThat(title.path("i18n_content").path("ja_jp").asText()).isEqualTo("スキル echo から");

        JsonNode elements = card.path("body").path("elements");
        JsonNode said = elements.get(0).path("i18n_content");
        assertThat(said.path("zh_cn").asText()).isEqualTo(said.path("en_us").asText()).isEqualTo(elements.get(0).path("content").asText())
                .doesNotContain("**world**");
        JsonNode note = elements.get(elements.size() - 1);
        assertThat(note.path("content").asText()).contains("left out");
        assertThat(note.path("i18n_content").path("zh_cn").asText()).contains("已省略 1 个");
        assertThat(SkillCardTest.SCHEMA.validate(card)).isEmpty();
    }
}
