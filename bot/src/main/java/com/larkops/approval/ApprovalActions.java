package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.Role;

import java.util.List;

/**
 * The approval card's buttons as rows of the routing table: {@code approve} needs an approver, {@code reject}
 * a deployer (the requester, or an approver; {@link Approvals#decide} checks which). The button value carries
 * {@code request_id}; the click counts only on the request's own card.
 */
public final class ApprovalActions {
    private ApprovalActions() {
    }

    public static List<ActionSpec> specs(Approvals approvals) {
        return List.of(
                new ActionSpec("approve", Role.APPROVER, a -> approvals.decide(a.get("request_id"), "approve", a.caller()).answer()),
                new ActionSpec("reject", Role.DEPLOYER, a -> approvals.decide(a.get("request_id"), "reject", a.caller()).answer()));
    }
}
