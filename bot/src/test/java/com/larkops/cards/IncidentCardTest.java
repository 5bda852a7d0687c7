package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.i18n.Msg;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident and drift cards in every language; their English is what it always was. */
class IncidentCardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final String D = "sha256:" + "ab".repeat(32);

    @Test
    void theIncidentCardReadsInEachLanguageAndItsWhatStaysEscaped() {
        IncidentCard.View v = new IncidentCard.View(7, "echo", "prod",
                Msg.of("approval.incident.unhealthy", "/healthz", 8080, "<at id=ou_x></at>", "sha256:abababababab"), T0,
                new IncidentCard.Digests("2.0.0", D), Optional.of(new IncidentCard.Digests("1.0.0", D)), Optional.empty());
        JsonNode card = JSON.valueToTree(IncidentCard.render(v, T0.plusSeconds(90)));
        JsonNode title = card.path("header").path("title");
        assertThat(title.path("content").asText()).isEqualTo("Incident #7: echo prod");
        assertThat(title.path("i18n_content").path("zh_cn").asText()).isEqualTo("故障 #7：echo prod");
        assertThat(title.path("i18n_content").path("ja_jp").asText()).isEqualTo("インシデント #7：echo prod");
        JsonNode what = card.path("body").path("elements").get(0);
        assertThat(what.path("content").asText()).startsWith("**What failed**\nhealth check failed: /healthz on port 8080")
                .doesNotContain("<at");
        assertThat(what.path("i18n_content").path("zh_cn").asText()).startsWith("**故障内容**\n健康检查失败：").doesNotContain("<at");
        assertThat(card.path("body").path("elements").get(1).path("i18n_content").path("zh_cn").asText()).startsWith("**开始于** 1m 30s前（");
        List<String> buttons = card.findValues("text").stream().map(t -> t.path("i18n_content").path("ja_jp").asText()).toList();
        assertThat(buttons).containsExactly("1.0.0 にロールバック", "ログを表示", "自動化を保留");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
    }

    @Test
    void theDriftCardReadsInEachLanguage() {
        DriftCard.View v = new DriftCard.View("echo", "prod", List.of(Msg.of("approval.drift.line.never", "9.9.9", "sha256:abababababab")),
                new IncidentCard.Digests("9.9.9", D), Optional.empty(), Optional.empty(), List.of("echo-by-hand@" + D, "tag:prod@-"));
        JsonNode card = JSON.valueToTree(DriftCard.render(v, T0));
        assertThat(card.path("header").path("title").path("content").asText()).isEqualTo("Drift: echo prod changed outside larkops");
        JsonNode lines = card.path("body").path("elements").get(0);
        assertThat(lines.path("content").asText())
                .isEqualTo("<font color='red'>**DRIFT**</font>\n· runs 9.9.9 (sha256:abababababab), which larkops never deployed");
        assertThat(lines.path("i18n_content").path("zh_cn").asText())
                .isEqualTo("<font color='red'>**漂移**</font>\n· 运行的是 9.9.9（sha256:abababababab），不是 larkops 部署的");
        assertThat(card.path("body").path("elements").get(1).path("i18n_content").path("ja_jp").asText()).endsWith("なし");
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();
    }

    static final String OURS = "sha256:" + "11".repeat(32);

    @Test
    void adoptIsOfferedForAReplacedContainerAndForAMovedTagWithWhatTheCardSaw() {
        List<String> seen = List.of("echo-by-hand@" + D, "tag:prod@" + OURS);
        DriftCard.View replaced = new DriftCard.View("echo", "prod", List.of(Msg.of("approval.drift.line.never", "9.9.9", "sha256:abababababab")),
                new IncidentCard.Digests("9.9.9", D), Optional.of(new IncidentCard.Digests("1.0.0", OURS)), Optional.empty(), seen);
        JsonNode adopt = button(JSON.valueToTree(DriftCard.render(replaced, T0)), DriftCard.ADOPT);
        assertThat(adopt.path("digest").asText()).as("what runs").isEqualTo(D);
        assertThat(adopt.path("seen").asText()).isEqualTo("echo-by-hand@" + D + ",tag:prod@" + OURS);

        DriftCard.View moved = new DriftCard.View("echo", "prod", List.of(Msg.of("approval.drift.line.tag", "sha256:abababababab", "sha256:111111111111")),
                new IncidentCard.Digests("1.0.0", OURS), Optional.of(new IncidentCard.Digests("1.0.0", OURS)),
                Optional.of(new IncidentCard.Digests("sha256:abababababab", D)), List.of("echo-prod-r4@" + OURS, "tag:prod@" + D));
        JsonNode card = JSON.valueToTree(DriftCard.render(moved, T0));
        assertThat(button(card, DriftCard.ADOPT).path("digest").asText()).as("what the moved tag names").isEqualTo(D);
        assertThat(button(card, DriftCard.REVERT).path("digest").asText()).isEqualTo(OURS);
        assertThat(EveryCardTest.SCHEMA.validate(card)).isEmpty();

        DriftCard.View onlyCount = new DriftCard.View("echo", "prod", List.of(Msg.of("approval.drift.head")),
                new IncidentCard.Digests("1.0.0", OURS), Optional.of(new IncidentCard.Digests("1.0.0", OURS)), Optional.empty(), List.of());
        assertThat(JSON.valueToTree(DriftCard.render(onlyCount, T0)).findValues("behaviors")).as("nothing to adopt or revert").isEmpty();
    }

    static JsonNode button(JsonNode card, String action) {
        List<JsonNode> values = card.findValues("behaviors").stream().map(b -> b.get(0).path("value"))
                .filter(v -> v.path("action").asText().equals(action)).toList();
        assertThat(values).as(action).hasSize(1);
        return values.get(0);
    }
}
