package com.larkops.approval;

import com.larkops.command.RefusedException;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

/**
 * The company's approval flow ({@code approvals.prod.mode: lark-approval}): a request becomes an instance of the
 * configured definition in Lark's Approval app, initiated by the requester; its approvers' decisions come back as
 * signed task events and decide the same request, with the same checks as a click on the card.
 */
public interface ApprovalApp {
    /**
     * Creates the instance for {@code request} (idempotent on the request id) showing {@code text} (rendered by the
     * adapter, at the edge); returns its instance code. Throws {@link RefusedException} with one line when Lark refuses or cannot be reached.
     */
    String create(String approvalCode, ApprovalRequest request, Text text);

    /**
     * Closes the instance of {@code request} (it expired or was withdrawn in larkops), so the Approval app shows no
     * request that can no longer run. Best effort: a failure is logged, never thrown.
     */
    default void cancel(String approvalCode, ApprovalRequest request) {
    }

    /** No Approval app here (the shell, tests): a request in that mode is refused. */
    ApprovalApp NONE = (code, request, text) -> {
        throw new RefusedException(Msg.of("approval.app.unreachable_here"));
    };
}
