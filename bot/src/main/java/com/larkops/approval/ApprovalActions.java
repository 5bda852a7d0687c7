package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Role;

import java.util.List;
import java.util.Optional;

/**
 * The approval card's buttons as rows of the routing table, each with who may click: Approve needs an
 * approver who is not the requester; Reject an approver or the requester. Approvers are who {@code approvals.prod.approvers}
 * lists (users, Lark user groups and departments, resolved at click time; a failed lookup refuses) or by default
 * {@code roles.approvers}. The router checks that (and the
 * chat allow-list, the rate limit) before the handler, audits and counts each click. The button value
 * carries {@code request_id}. The request names the message its card was posted as and is decided once, so
 * the click is tied to its card by the request itself ({@link ActionSpec.Binding#OWN_CARD}): a re-click on a
 * decided card answers what became of it and changes nothing.
 */
public final class ApprovalActions {
    private ApprovalActions() {
    }

    public static List<ActionSpec> specs(Approvals approvals) {
        return List.of(
                new ActionSpec("approve", Role.APPROVER, a -> approvals.decide(a.get("request_id"), "approve", a.caller(), a.messageId()).answer(),
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty(), (a, has) -> approvals.refusal(a.get("request_id"), true, a.caller())),
                new ActionSpec("reject", Role.APPROVER, a -> approvals.decide(a.get("request_id"), "reject", a.caller(), a.messageId()).answer(),
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty(), (a, has) -> approvals.refusal(a.get("request_id"), false, a.caller())));
    }

}
