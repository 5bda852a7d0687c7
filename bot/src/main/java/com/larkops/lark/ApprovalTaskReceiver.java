package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.approval.ApprovalRequest;
import com.larkops.approval.Approvals;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.i18n.Msg;
import com.larkops.model.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Lark Approval task events ({@code approval_task}, signed like every event, checked by the guard): a task
 * APPROVED or REJECTED in the instance of one of our requests is that approver's click on the request's card —
 * the same row of the routing table (the approver from the event's {@code open_id} only; listed or in a listed
 * group or department; never the requester; audited; counted once toward the quorum). The card is updated with
 * the outcome; a refusal is said in the card's thread. Other task statuses (PENDING, TRANSFERRED, DONE …) change
 * nothing. Runs on a worker: the event is acknowledged within Lark's 3 s.
 */
public final class ApprovalTaskReceiver implements Consumer<JsonNode> {
    private static final Logger log = LoggerFactory.getLogger(ApprovalTaskReceiver.class);

    private final CommandRouter router;
    private final Approvals approvals;
    private final Messenger messenger;
    private final Executor worker;

    public ApprovalTaskReceiver(CommandRouter router, Approvals approvals, Messenger messenger, Executor worker) {
        this.router = router;
        this.approvals = approvals;
        this.messenger = messenger;
        this.worker = worker;
    }

    @Override
    public void accept(JsonNode event) {
        String status = event.path("status").asText("");
        String action = switch (status) {
            case "APPROVED" -> "approve";
            case "REJECTED" -> "reject";
            default -> "";
        };
        String instance = event.path("instance_code").asText("");
        String user = event.path("open_id").asText("");
        if (action.isEmpty() || user.isBlank()) {
            log.info("Lark Approval task of instance {}: {} (nothing to decide)", Text.clip(instance), Text.clip(status));
            return;
        }
        worker.execute(() -> decide(instance, action, user));
    }

    private void decide(String instance, String action, String user) {
        Optional<ApprovalRequest> found = approvals.byLarkInstance(instance);
        if (found.isEmpty() || found.get().cardMessageId().isEmpty()) {
            log.info("Lark Approval instance {} is no request of larkops; ignored", Text.clip(instance));
            return;
        }
        ApprovalRequest r = found.get();
        String card = r.cardMessageId().get();
        ActionSpec.Answer answer = router.act(new CardAction(action, Map.of("action", action, "request_id", r.id()),
                Caller.lark(user, r.chat()), card));
        answer.card().ifPresent(c -> messenger.updateCard(card, c));
        if (answer.outcome() != Reply.Outcome.OK) {
            messenger.reply(card, Reply.refused(Msg.of("approval.app.not_counted", Text.mention(user), answer.message())));
        }
    }
}
