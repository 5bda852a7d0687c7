package com.larkops.cards;

import com.larkops.approval.ApprovalRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Msg;
import com.larkops.i18n.StoredText;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.DeployPlanner;
import com.larkops.release.PlanCodec;
import com.larkops.release.Target;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot of the card structure and what its buttons carry, per state. */
class ApprovalCardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Digest D = Digest.parse("sha256:" + "ab".repeat(32));
    static final Instant T = Instant.parse("2026-11-24T14:00:00Z");

    static ApprovalRequest request(ApprovalRequest.Status status, Optional<String> decidedBy, String result) {
        ServiceConfig echo = new ServiceConfig("echo", "skills/echo", 8080, "/healthz", Optional.empty(), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
        var plan = DeployPlanner.plan(new Target("echo", Env.PROD, D, "1.4.2", "reg/skills/echo@" + D.value()),
                Release.Kind.DEPLOY, echo, "larkops", 12, "ou_dev1", List.of(), 3);
        return new ApprovalRequest("apr-abc", new ServiceName("echo"), Env.PROD, 12, D, "1.4.2", PlanCodec.toJson(plan), List.of(),
                "**Service** echo\n**Digest** " + D.value(), "ou_dev1", "oc_ops", T, T.plus(Duration.ofHours(24)), status,
                decidedBy, decidedBy.map(x -> T.plusSeconds(120)), Optional.of("om_card"), result);
    }

    static final Instant NOW = T.plusSeconds(180);

    @Test
    void pendingCardSnapshot() throws Exception {
        JsonNode card = JSON.valueToTree(ApprovalCard.render(request(ApprovalRequest.Status.PENDING, Optional.empty(), "").cardView(), NOW));
        assertThat(card.path("schema").asText()).isEqualTo("2.0");
        assertThat(card.path("config").path("update_multi").asBoolean()).isTrue();
        assertThat(card.path("header").path("title").path("content").asText()).isEqualTo("Approve: echo 1.4.2 to prod?");
        assertThat(card.path("header").path("template").asText()).isEqualTo("orange");
        JsonNode elements = card.path("body").path("elements");
        assertThat(elements).hasSize(6);
        assertThat(elements.get(0).path("content").asText()).contains(D.value());
        assertThat(elements.get(1).path("content").asText()).isEqualTo("""
                **Plan** (Approve runs exactly this)
                ```
                deploy echo 1.4.2 (sha256:abababababab) to prod
                1. pull reg/skills/echo@%s
                2. create echo-prod-r12
                3. start echo-prod-r12
                4. wait until echo-prod-r12 is healthy (/healthz, timeout 30s)
                5. route echo-prod, echo → echo-prod-r12
                6. move tag skills/echo:prod → sha256:abababababab
                ```""".formatted(D.value()));
        List<JsonNode> buttons = elements.get(3).findParents("behaviors");
        assertThat(elements.get(3).path("tag").asText()).isEqualTo("column_set");
        assertThat(buttons).hasSize(2);
        assertThat(buttons.get(0)).isEqualTo(JSON.readTree("{\"tag\":\"button\",\"text\":{\"tag\":\"plain_text\",\"content\":\"Approve\","
                + "\"i18n_content\":{\"zh_cn\":\"批准\",\"en_us\":\"Approve\",\"ja_jp\":\"承認\"}},"
                + "\"type\":\"primary\",\"behaviors\":[{\"type\":\"callback\",\"value\":{\"action\":\"approve\",\"request_id\":\"apr-abc\"}}]}"));
        assertThat(buttons.get(1).path("behaviors").get(0).path("value")).isEqualTo(JSON.readTree("{\"action\":\"reject\",\"request_id\":\"apr-abc\"}"));
        // the Schedule choice: a form with a date-time picker and a button that is neither approve nor reject
        assertThat(elements.get(4).path("tag").asText()).isEqualTo("form");
        assertThat(elements.get(4).findValues("action").stream().map(JsonNode::asText).toList()).containsExactly("schedule_approval");
        assertThat(elements.get(5).toString()).contains("request apr-abc · asked 3m ago (2026-11-24 14:00:00 UTC) · expires in 23h 57m (2026-11-25 14:00:00 UTC)");
    }

    @Test
    void decidedCardsHaveNoButtonsAndSayWhoDecided() {
        for (var status : List.of(ApprovalRequest.Status.APPROVED, ApprovalRequest.Status.DONE, ApprovalRequest.Status.FAILED,
                ApprovalRequest.Status.REJECTED, ApprovalRequest.Status.EXPIRED)) {
            JsonNode card = JSON.valueToTree(ApprovalCard.render(request(status, Optional.of("ou_lead"), "live in prod in 3.4 s").cardView(), NOW));
            assertThat(card.findValues("behaviors")).as(status.name()).isEmpty();
        }
        JsonNode done = JSON.valueToTree(ApprovalCard.render(request(ApprovalRequest.Status.DONE, Optional.of("ou_lead"), "live in prod in 3.4 s").cardView(), NOW));
        assertThat(done.path("header").path("template").asText()).isEqualTo("green");
        assertThat(done.toString()).contains("Approved by <at id=ou_lead></at>** 1m ago (2026-11-24 14:02:00 UTC) — <font color='green'>live</font>: live in prod in 3.4 s");
        JsonNode expired = JSON.valueToTree(ApprovalCard.render(request(ApprovalRequest.Status.EXPIRED, Optional.of("larkops"), "").cardView(), NOW));
        assertThat(expired.path("header").path("title").path("content").asText()).isEqualTo("Expired: echo 1.4.2 to prod");
        JsonNode rejected = JSON.valueToTree(ApprovalCard.render(request(ApprovalRequest.Status.REJECTED, Optional.of("ou_lead"), "").cardView(), NOW));
        assertThat(rejected.toString()).contains("Rejected by <at id=ou_lead></at>").contains("Nothing was changed");
    }
    @Test
    void theStoredSummaryTheQuorumAndTheTimesReadInEachViewersLanguage() {
        ApprovalRequest r = request(ApprovalRequest.Status.PENDING, Optional.empty(), "");
        ApprovalRequest stored = new ApprovalRequest(r.id(), r.service(), r.env(), r.releaseId(), r.digest(), r.version(), r.planJson(),
                r.runningBefore(), StoredText.encode(Text.lines(Msg.of("approval.summary.service", "echo"),
                Msg.of("approval.summary.runs_now", "prod", Msg.of("approval.summary.nothing")))), r.requester(), r.chat(), r.createdAt(),
                r.expiresAt(), r.status(), r.decidedBy(), r.decidedAt(), r.cardMessageId(), r.result());
        JsonNode elements = JSON.valueToTree(ApprovalCard.render(stored.cardView(), NOW)).path("body").path("elements");
        assertThat(elements.get(0).path("content").asText()).isEqualTo("**Service** echo\n**prod runs now** nothing");
        assertThat(elements.get(0).path("i18n_content").path("zh_cn").asText()).isEqualTo("**服务** echo\n**prod 当前运行** 无");
        assertThat(elements.get(0).path("i18n_content").path("ja_jp").asText()).isEqualTo("**サービス** echo\n**prod で現在稼働中** なし");
        assertThat(elements.get(2).path("i18n_content").path("zh_cn").asText()).startsWith("**等待审批人审批。**");
        assertThat(elements.get(elements.size() - 1).path("i18n_content").path("zh_cn").asText())
                .isEqualTo("请求 apr-abc · 发起于 3m前（2026-11-24 14:00:00 UTC） · 过期于 23h 57m后（2026-11-25 14:00:00 UTC）");

        ApprovalRequest done = request(ApprovalRequest.Status.DONE, Optional.of("ou_lead"),
                StoredText.encode(Msg.of("approval.restart.live", "echo 1.4.2")));
        JsonNode status = JSON.valueToTree(ApprovalCard.render(done.cardView(), NOW)).path("body").path("elements").get(2);
        assertThat(status.path("content").asText()).endsWith("<font color='green'>live</font>: echo 1.4.2 live (completed after a bot restart)");
        assertThat(status.path("i18n_content").path("zh_cn").asText()).startsWith("**<at id=ou_lead></at> 已批准**")
                .endsWith("<font color='green'>已上线</font>：echo 1.4.2 已上线（机器人重启后完成）");
    }
}
