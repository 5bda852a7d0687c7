package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.approval.ApprovalRequest;
import com.larkops.approval.ApprovalView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cards carry every language in card JSON 2.0's i18n_content; their English content is what it always was. */
class MultilingualCardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final String D = "sha256:" + "ab12".repeat(16);

    static JsonNode change(ChangeCard.Outcome outcome) {
        ChangeCard c = new ChangeCard("deploy", "echo", "prod", "ou_dev1", T0).target("1.4.2", D).steps(List.of("pull", "start"));
        if (outcome != ChangeCard.Outcome.RUNNING) {
            c.finish(outcome, com.larkops.i18n.Text.verbatim(""), T0.plusSeconds(42));
        }
        return JSON.valueToTree(c.render(T0.plusSeconds(60)));
    }

    @Test
    void theChangeCardsTitleAndStatusWordAreInEveryLanguageWithEnglishContentUnchanged() {
        JsonNode card = change(ChangeCard.Outcome.LIVE);
        JsonNode title = card.path("header").path("title");
        assertThat(title.path("content").asText()).isEqualTo("Deploy: echo 1.4.2 → prod — live");
        assertThat(title.path("i18n_content").path("en_us").asText()).isEqualTo("Deploy: echo 1.4.2 → prod — live");
        assertThat(title.path("i18n_content").path("zh_cn").asText()).isEqualTo("部署：echo 1.4.2 → prod — 已上线");
        assertThat(title.path("i18n_content").path("ja_jp").asText()).isEqualTo("デプロイ：echo 1.4.2 → prod — 稼働中");

        JsonNode head = card.path("body").path("elements").get(0);
        assertThat(head.path("content").asText()).isEqualTo(
                "<font color='green'>**live**</font> · echo 1.4.2 → prod · `sha256:ab12ab12ab12`\n**By** <at id=ou_dev1></at> · **started** "
                        + head.path("content").asText().replaceAll("(?s).*\\*\\*started\\*\\* ", ""));
        assertThat(head.path("content").asText()).contains("**took** 42s");
        assertThat(head.path("i18n_content").path("en_us").asText()).isEqualTo(head.path("content").asText());
        assertThat(head.path("i18n_content").path("zh_cn").asText()).startsWith("<font color='green'>**已上线**</font> · echo 1.4.2 → prod · `sha256:ab12ab12ab12`")
                .contains("**发起人** <at id=ou_dev1></at>").contains("**耗时** 42s");
        assertThat(head.path("i18n_content").path("ja_jp").asText()).startsWith("<font color='green'>**稼働中**</font>").contains("**所要時間** 42s");

        JsonNode failed = change(ChangeCard.Outcome.FAILED);
        assertThat(failed.path("header").path("title").path("i18n_content").path("zh_cn").asText()).endsWith("— 失败");
        JsonNode running = change(ChangeCard.Outcome.RUNNING);
        assertThat(running.path("body").path("elements").get(0).path("i18n_content").path("zh_cn").asText())
                .startsWith("**进行中**").contains("**已用时** 1m");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
        assertThat(EveryCardTest.SCHEMA.validate(running)).isEmpty();
    }

    @Test
    void theApprovalCardsTitleAndButtonsAreInEveryLanguage() {
        JsonNode card = JSON.valueToTree(ApprovalView.CARD.render(EveryCardTest.approval(ApprovalRequest.Status.PENDING), T0));
        JsonNode title = card.path("header").path("title");
        assertThat(title.path("content").asText()).isEqualTo("Approve: echo 1.4.2 to prod?");
        assertThat(title.path("i18n_content").path("zh_cn").asText()).isEqualTo("是否批准：echo 1.4.2 到 prod？");
        assertThat(title.path("i18n_content").path("ja_jp").asText()).isEqualTo("承認しますか：echo 1.4.2 を prod へ？");
        List<JsonNode> buttons = card.findValues("text").stream().filter(t -> t.has("i18n_content")).toList();
        assertThat(buttons).as("Approve, Reject and the Schedule form's button").hasSize(3);
        assertThat(buttons.get(0).path("content").asText()).isEqualTo("Approve");
        assertThat(buttons.get(0).path("i18n_content").path("zh_cn").asText()).isEqualTo("批准");
        assertThat(buttons.get(0).path("i18n_content").path("ja_jp").asText()).isEqualTo("承認");
        assertThat(buttons.get(1).path("content").asText()).isEqualTo("Reject");
        assertThat(buttons.get(1).path("i18n_content").path("zh_cn").asText()).isEqualTo("拒绝");
        assertThat(buttons.get(2).path("i18n_content").path("zh_cn").asText()).isEqualTo("定时");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
    }

    @Test
    void theSchemaAllowsOnlyLarksLocaleKeysInI18nContent() {
        Map<String, Object> md = Map.of("tag", "markdown", "content", "hi", "i18n_content", Map.of("zh_cn", "你好", "klingon", "nuqneH"));
        Map<String, Object> card = CardJson.card(com.larkops.i18n.Text.verbatim("t"), CardJson.Colour.BLUE, com.larkops.i18n.Text.verbatim("s"), List.of(md));
        assertThat(EveryCardTest.SCHEMA.validate(card)).anyMatch(e -> e.contains("klingon"));
    }
}
