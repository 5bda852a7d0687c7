package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Role;

import java.util.List;
import java.util.Optional;

/**
 * The approval card's buttons as rows of the routing table, each with who may click: Approve needs an
 * approver who is not the requester; Reject an approver or the requester. The router checks that (and the
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
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty(), (a, has) -> {
                    if (requestedBy(approvals, a)) {
                        return Optional.of("you requested this; another approver must approve it");
                    }
                    return has == Role.APPROVER ? Optional.empty() : Optional.of("only approvers (roles.approvers) may approve");
                }),
                new ActionSpec("reject", Role.APPROVER, a -> approvals.decide(a.get("request_id"), "reject", a.caller(), a.messageId()).answer(),
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty(), (a, has) -> has == Role.APPROVER || requestedBy(approvals, a)
                        ? Optional.empty() : Optional.of("only approvers or the requester may reject")));
    }

    private static boolean requestedBy(Approvals approvals, CardAction a) {
        return approvals.requester(a.get("request_id")).map(a.caller().user()::equals).orElse(false);
    }
}
