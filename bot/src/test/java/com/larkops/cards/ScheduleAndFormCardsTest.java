package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.schedule.Countdown;
import com.larkops.window.WallTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule card and the menu's form cards carry every language; their English content reads as before. */
class ScheduleAndFormCardsTest {
    static final String D = "sha256:" + "ab12".repeat(16);
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aCancelledSchedulesStoredResultReadsInEachViewersLanguageAndAnOldOneAsWritten() {
        String stored = com.larkops.i18n.StoredText.encode(com.larkops.i18n.Msg.of("command.schedule.cancelled_by",
                com.larkops.model.Text.mention("ou_lead")));
        JsonNode card = MultilingualCardTest.JSON.valueToTree(ScheduleCard.render(cancelled(com.larkops.i18n.StoredText.decode(stored))));
        JsonNode result = card.path("body").path("elements").get(1);
        assertThat(result.path("content").asText()).isEqualTo("cancelled by <at id=ou_lead></at>");
        assertThat(result.path("i18n_content").path("zh_cn").asText()).isEqualTo("已被 <at id=ou_lead></at> 取消");
        assertThat(result.path("i18n_content").path("ja_jp").asText()).isEqualTo("<at id=ou_lead></at> がキャンセルしました");
        JsonNode old = MultilingualCardTest.JSON.valueToTree(ScheduleCard.render(cancelled(com.larkops.i18n.StoredText.decode("cancelled by ou_lead"))));
        assertThat(old.path("body").path("elements").get(1).path("i18n_content").path("zh_cn").asText()).isEqualTo("cancelled by ou_lead");
    }

    private static ScheduleCard.View cancelled(com.larkops.i18n.Text result) {
        return new ScheduleCard.View("sch-abc", "echo", "staging", "1.4.2", D, com.larkops.i18n.Text.verbatim("Tue 2026-12-08 10:00 UTC"),
                com.larkops.i18n.Text.verbatim(""), "cancelled", "ou_dev1", com.larkops.i18n.Text.verbatim(""), result);
    }

    @Test
    void aPendingScheduleReadsInEachViewersLanguage() {
        Instant due = Instant.parse("2026-12-08T02:00:00Z"); // a Tuesday, 10:00 in Shanghai
        ScheduleCard.View v = new ScheduleCard.View("sch-abc", "echo", "prod", "1.4.2", D,
                WallTime.shown(due, SHANGHAI).then(com.larkops.i18n.Text.verbatim(" Asia/Shanghai")),
                Countdown.text(Duration.ofMinutes(130)), "pending", "ou_dev1", com.larkops.i18n.Text.verbatim(""), com.larkops.i18n.Text.verbatim(""));
        JsonNode card = MultilingualCardTest.JSON.valueToTree(ScheduleCard.render(v));
        JsonNode title = card.path("header").path("title");
        assertThat(title.path("content").asText()).isEqualTo("Scheduled: echo 1.4.2 → prod");
        assertThat(title.path("i18n_content").path("zh_cn").asText()).isEqualTo("已计划：echo 1.4.2 → prod");
        assertThat(title.path("i18n_content").path("ja_jp").asText()).isEqualTo("予約済み：echo 1.4.2 → prod");
        JsonNode details = card.path("body").path("elements").get(0);
        assertThat(details.path("content").asText()).contains("**Runs at** Tue 2026-12-08 10:00 Asia/Shanghai — **in 2h 10m**");
        assertThat(details.path("i18n_content").path("zh_cn").asText())
                .contains("**执行时间** 周二 2026-12-08 10:00 Asia/Shanghai — **2 小时 10 分钟后**").contains("**发起人** <at id=ou_dev1></at>");
        assertThat(details.path("i18n_content").path("ja_jp").asText()).contains("**実行日時** 火 2026-12-08 10:00 Asia/Shanghai");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
    }

    @Test
    void theDeployFormsLabelsAreInEveryLanguageItsValuesAsTheyAre() {
        JsonNode card = MultilingualCardTest.JSON.valueToTree(FormCards.deploy(List.of(new FormCards.Option("echo", "echo")),
                List.of(new FormCards.Option("1.4.2", "1.4.2 ✓ ★")), "oc_ops"));
        assertThat(card.path("header").path("title").path("i18n_content").path("zh_cn").asText()).isEqualTo("部署");
        JsonNode form = card.path("body").path("elements").get(0).path("elements");
        assertThat(form.get(1).path("placeholder").path("content").asText()).isEqualTo("Service");
        assertThat(form.get(1).path("placeholder").path("i18n_content").path("zh_cn").asText()).isEqualTo("服务");
        assertThat(form.get(2).path("options").get(0).path("text").path("i18n_content").path("zh_cn").asText()).isEqualTo("1.4.2 ✓ ★");
        assertThat(form.get(4).path("text").path("i18n_content").path("ja_jp").asText()).isEqualTo("デプロイ");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
    }
}
