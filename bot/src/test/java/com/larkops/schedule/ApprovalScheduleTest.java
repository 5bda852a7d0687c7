package com.larkops.schedule;

import com.larkops.command.Caller;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.release.Target;
import com.larkops.window.DeployWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval card's Schedule choice: which requests and times it takes, and who may pick one. */
class ApprovalScheduleTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z"); // Mon 10:00 in Shanghai
    static final Digest D = Digest.parse("sha256:" + "ab".repeat(32));

    static ProdApprovals.Request request(Env env, String status, boolean canary, boolean scheduled) {
        return new ProdApprovals.Request("apr-1", new Target("echo", env, D, "1.4.2", ""), "ou_dev1", "oc_ops", status, canary, scheduled);
    }

    static Optional<String> refusal(ProdApprovals.Request r, Instant due, Optional<DeployWindow> window) {
        return ApprovalSchedule.refusal(r, due, NOW, SHANGHAI, window).map(t -> t.in(com.larkops.i18n.Language.DEFAULT));
    }

    @Test
    void aPendingProdRequestTakesAFutureTimeInsideTheWindow() {
        DeployWindow window = DeployWindow.parse(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        assertThat(refusal(request(Env.PROD, "pending", false, false), NOW.plusSeconds(3600), Optional.of(window))).isEmpty();
        assertThat(refusal(request(Env.PROD, "pending", false, false), NOW.plusSeconds(60), Optional.empty())).isEmpty();
    }

    @Test
    void refusesAPastTimeAWindowClosedThenANonPendingANonProdAndASecondTime() {
        ProdApprovals.Request pending = request(Env.PROD, "pending", false, false);
        assertThat(refusal(pending, NOW.minusSeconds(60), Optional.empty()))
                .hasValue("Mon 2026-12-07 09:59 (Asia/Shanghai) is in the past; it is Mon 2026-12-07 10:00 now");
        assertThat(refusal(pending, NOW, Optional.empty())).get().asString().contains("is in the past");
        DeployWindow window = DeployWindow.parse(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        assertThat(refusal(pending, Instant.parse("2026-12-07T12:00:00Z"), Optional.of(window))).get().asString()
                .startsWith("prod is outside its deploy window").contains("next opening Tue 2026-12-08 10:00");
        assertThat(refusal(request(Env.PROD, "approved", false, false), NOW.plusSeconds(60), Optional.empty()))
                .hasValue("request apr-1 is approved: only a pending request can be scheduled");
        assertThat(refusal(request(Env.STAGING, "pending", false, false), NOW.plusSeconds(60), Optional.empty()))
                .hasValue("request apr-1 is not a prod deploy: only a prod deploy can be scheduled from its card");
        assertThat(refusal(request(Env.PROD, "pending", true, false), NOW.plusSeconds(60), Optional.empty()))
                .hasValue("request apr-1 is not a prod deploy: only a prod deploy can be scheduled from its card");
        assertThat(refusal(request(Env.PROD, "pending", false, true), NOW.plusSeconds(60), Optional.empty()))
                .hasValue("request apr-1 is scheduled already; cancel it in /schedules to pick another time");
    }

    @Test
    void theRequesterOrAnApproverMayScheduleNobodyElse() {
        Optional<ProdApprovals.Request> r = Optional.of(request(Env.PROD, "pending", false, false));
        Optional<Text> notAnApprover = Optional.of(Msg.of("command.click.needs_role", "approvers", "approve"));
        assertThat(ApprovalSchedule.who(r, Caller.lark("ou_dev1", "oc_ops"), notAnApprover)).isEmpty();
        assertThat(ApprovalSchedule.who(r, Caller.lark("ou_lead", "oc_ops"), Optional.empty())).isEmpty();
        assertThat(ApprovalSchedule.who(r, Caller.lark("ou_dev2", "oc_ops"), notAnApprover).map(t -> t.in(com.larkops.i18n.Language.DEFAULT)))
                .hasValue("only the requester or an approver can schedule this request");
        assertThat(ApprovalSchedule.who(Optional.empty(), Caller.lark("ou_lead", "oc_ops"), Optional.empty()).map(t -> t.in(com.larkops.i18n.Language.DEFAULT)))
                .hasValue("no such approval request");
    }

    @Test
    void readsLarksPickerWithItsOffsetAndAPlainTimeInTheConfiguredZone() {
        assertThat(ApprovalSchedule.picked("2026-12-08 10:00 +0800", SHANGHAI)).hasValue(Instant.parse("2026-12-08T02:00:00Z"));
        assertThat(ApprovalSchedule.picked("2026-12-08 10:00", SHANGHAI)).hasValue(Instant.parse("2026-12-08T02:00:00Z"));
        assertThat(ApprovalSchedule.picked("tomorrow", SHANGHAI)).isEmpty();
    }
}
