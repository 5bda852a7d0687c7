package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.cards.CardJson;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A card as the try-it terminal shows it, in the config's language: what a Lark client in that language renders. */
class CardTextTest {
    private static JsonNode card(Map<String, Object> card) {
        return new ObjectMapper().valueToTree(card);
    }

    @Test
    void eachTextIsShownInTheLanguageAskedForAndEnglishOtherwise() {
        JsonNode card = card(CardJson.card(Msg.of("change.title", Msg.of("change.kind.deploy"), "echo 1.0.0 → staging",
                        Msg.of("change.status.live")), CardJson.Colour.GREEN, Text.verbatim("echo"),
                List.of(CardJson.markdown(Msg.of("change.status.live")), CardJson.button(Msg.of("approval.button.approve"), "primary",
                        Map.of("action", "approve", "request_id", "r1")))));

        assertThat(CardText.render(card, 1, Language.ZH_CN).text()).startsWith("┌ 部署：echo 1.0.0 → staging — 已上线")
                .contains("│ 已上线").contains("[1] " + Msg.of("approval.button.approve").in(Language.ZH_CN));
        assertThat(CardText.render(card)).startsWith("┌ Deploy: echo 1.0.0 → staging — live").contains("[1] Approve");
        assertThat(CardText.render(card, 1, Language.JA_JP).text())
                .contains("│ " + Msg.of("change.status.live").in(Language.JA_JP));
    }

    @Test
    void aTableWithChineseCellsStaysAlignedByTerminalColumns() {
        JsonNode card = card(CardJson.card(Text.verbatim("echo"), CardJson.Colour.BLUE, Text.verbatim("echo"),
                List.of(CardJson.markdown(Text.verbatim("| 服务 | 环境 | 版本 |\n|---|---|---|\n| echo | staging | 1.0.0 |")))));

        List<String> rows = CardText.render(card, 1, Language.ZH_CN).text().lines().filter(l -> l.contains("│ ") && l.contains("echo │")
                || l.contains("服务")).toList();
        assertThat(rows).hasSize(2);
        assertThat(PlainText.width(rows.get(0).substring(0, rows.get(0).indexOf(" │ ", 2))))
                .isEqualTo(PlainText.width(rows.get(1).substring(0, rows.get(1).indexOf(" │ ", 2))));
    }
}
