package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.Role;

import java.util.List;

/**
 * The approval card's buttons as rows of the routing table. The router checks the chat allow-list, audits and
 * counts each click; who may decide this request (an approver other than the requester; the requester may
 * reject) depends on the request, so {@link Approvals#decide} checks that, in that order. The button value
 * carries {@code request_id}.
 */
public final class ApprovalActions {
    private ApprovalActions() {
    }

    public static List<ActionSpec> specs(Approvals approvals) {
        return List.of(
                new ActionSpec("approve", Role.READER, a -> approvals.decide(a.get("request_id"), "approve", a.caller(), a.messageId()).answer()),
                new ActionSpec("reject", Role.READER, a -> approvals.decide(a.get("request_id"), "reject", a.caller(), a.messageId()).answer()));
    }
}
