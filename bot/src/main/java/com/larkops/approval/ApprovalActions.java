package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.Role;

import java.util.List;
import java.util.Optional;

/**
 * The approval card's buttons as rows of the routing table. The router checks the chat allow-list, audits and
 * counts each click; who may decide this request (an approver other than the requester; the requester may
 * reject) depends on the request, so {@link Approvals#decide} checks that, in that order. The button value
 * carries {@code request_id}. The request names the message its card was posted as and is decided once, so
 * the click is tied to its card by the request itself ({@link ActionSpec.Binding#OWN_CARD}): a re-click on a
 * decided card answers what became of it and changes nothing.
 */
public final class ApprovalActions {
    private ApprovalActions() {
    }

    public static List<ActionSpec> specs(Approvals approvals) {
        return List.of(
                new ActionSpec("approve", Role.READER, a -> approvals.decide(a.get("request_id"), "approve", a.caller(), a.messageId()).answer(),
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty()),
                new ActionSpec("reject", Role.READER, a -> approvals.decide(a.get("request_id"), "reject", a.caller(), a.messageId()).answer(),
                        ActionSpec.Binding.OWN_CARD, a -> Optional.empty()));
    }
}
