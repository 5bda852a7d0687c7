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
import com.larkops.command.Command;
import com.larkops.command.CommandLine;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandLanes;
import com.larkops.command.Messenger;
import com.larkops.release.NextActions;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code card.action.trigger}: Approve / Reject on an approval card, or a next action (Promote to prod,
 * Roll back, History) on a finished change card. Answers within Lark's 3 s with a toast (and, for
 * approvals, the card as it now is); the work runs on a worker, routed as the typed command would be
 * (same authorisation, audit and metrics), and its live card is a reply in the clicked card's thread.
 */
public final class CardActionReceiver extends P2CardActionTriggerHandler {
    private final Approvals approvals;
    private final AuditSink audit;
    private final Clock clock;
    private final CommandRouter router;
    private final CommandLanes workers;
    private final Messenger messenger;
    private final NextActions next;

    public CardActionReceiver(Approvals approvals, AuditSink audit, Clock clock) {
        this(approvals, audit, clock, null, null, null, null);
    }

    public CardActionReceiver(Approvals approvals, AuditSink audit, Clock clock, CommandRouter router, CommandLanes workers,
                              Messenger messenger, NextActions next) {
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.router = router;
        this.workers = workers;
        this.messenger = messenger;
        this.next = next;
    }

    @Override
    public P2CardActionTriggerResponse handle(P2CardActionTrigger event) {
        var data = event.getEvent();
        Map<String, Object> value = data.getAction() == null || data.getAction().getValue() == null ? Map.of() : data.getAction().getValue();
        String action = String.valueOf(value.getOrDefault("action", ""));
        String user = data.getOperator() == null ? "" : data.getOperator().getOpenId();
        String chat = data.getContext() == null || data.getContext().getOpenChatId() == null ? "" : data.getContext().getOpenChatId();
        String message = data.getContext() == null || data.getContext().getOpenMessageId() == null ? "" : data.getContext().getOpenMessageId();
        if (next != null && NextActions.handles(action)) {
            return toast(nextAction(value, Caller.lark(user, chat, message)), Optional.empty());
        }
        String requestId = String.valueOf(value.getOrDefault("request_id", ""));
        Approvals.Decision d = approvals.decide(requestId, action, Caller.lark(user, chat), message);
        audit.record(new AuditEntry(clock.instant(), user, chat, "card " + action + " " + requestId, d.toastType(), d.toast()));
        return toast(new String[]{d.toastType(), d.toast()}, d.card());
    }

    /** Checks what can be checked at once (stale, role) for the toast; the router checks the role again when it runs. */
    private String[] nextAction(Map<String, Object> value, Caller caller) {
        NextActions.Click click = next.read(value);
        if (click.refusal().isPresent()) {
            audit.record(new AuditEntry(clock.instant(), caller.user(), caller.chat(), "card " + value.get("action"), "refused",
                    click.refusal().get()));
            return new String[]{"warning", click.refusal().get()};
        }
        String text = click.command().orElseThrow();
        Command command = CommandLine.parse(text);
        Optional<String> refusal = router.spec(command.name())
                .flatMap(spec -> router.policy().refusal(caller, spec.role().apply(command), spec.name()));
        if (refusal.isPresent()) {
            return new String[]{"error", refusal.get()};
        }
        boolean queued = workers.submit(caller.user(), router.isChange(text), () -> {
            LiveReply live = LiveReply.replying(messenger, caller.chat(), caller.messageId(), text);
            live.finish(router.route(caller, text, live));
        });
        return queued ? new String[]{"info", text + " — running; the answer follows in this card's thread"}
                : new String[]{"warning", "larkops is busy with other commands; try again in a minute"};
    }

    private static P2CardActionTriggerResponse toast(String[] typeAndText, Optional<Map<String, Object>> card) {
        P2CardActionTriggerResponse resp = new P2CardActionTriggerResponse();
        CallBackToast toast = new CallBackToast();
        toast.setType(typeAndText[0]);
        toast.setContent(typeAndText[1]);
        resp.setToast(toast);
        card.ifPresent(c -> {
            CallBackCard cb = new CallBackCard();
            cb.setType("raw");
            cb.setData(c);
            resp.setCard(cb);
        });
        return resp;
    }
}
