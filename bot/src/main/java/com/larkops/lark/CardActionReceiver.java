package com.larkops.lark;

import com.lark.oapi.event.cardcallback.P2CardActionTriggerHandler;
import com.lark.oapi.event.cardcallback.model.CallBackCard;
import com.lark.oapi.event.cardcallback.model.CallBackToast;
import com.lark.oapi.event.cardcallback.model.P2CardActionTrigger;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerResponse;
import com.larkops.approval.Approvals;
import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.command.Caller;

import java.time.Clock;
import java.util.Map;

/**
 * {@code card.action.trigger}: an Approve or Reject click. Answers within Lark's 3 s with a toast and
 * the card as it now is; the deploy itself runs on a worker and patches the card when done.
 */
public final class CardActionReceiver extends P2CardActionTriggerHandler {
    private final Approvals approvals;
    private final AuditSink audit;
    private final Clock clock;

    public CardActionReceiver(Approvals approvals, AuditSink audit, Clock clock) {
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public P2CardActionTriggerResponse handle(P2CardActionTrigger event) {
        var data = event.getEvent();
        Map<String, Object> value = data.getAction() == null || data.getAction().getValue() == null ? Map.of() : data.getAction().getValue();
        String action = String.valueOf(value.getOrDefault("action", ""));
        String requestId = String.valueOf(value.getOrDefault("request_id", ""));
        String user = data.getOperator() == null ? "" : data.getOperator().getOpenId();
        String chat = data.getContext() == null ? "" : data.getContext().getOpenChatId();
        String message = data.getContext() == null ? "" : data.getContext().getOpenMessageId();
        Approvals.Decision d = approvals.decide(requestId, action, Caller.lark(user, chat == null ? "" : chat),
                message == null ? "" : message);
        audit.record(new AuditEntry(clock.instant(), user, chat == null ? "" : chat, "card " + action + " " + requestId, d.toastType(), d.toast()));
        P2CardActionTriggerResponse resp = new P2CardActionTriggerResponse();
        CallBackToast toast = new CallBackToast();
        toast.setType(d.toastType());
        toast.setContent(d.toast());
        resp.setToast(toast);
        d.card().ifPresent(c -> {
            CallBackCard card = new CallBackCard();
            card.setType("raw");
            card.setData(c);
            resp.setCard(card);
        });
        return resp;
    }
}
