package com.larkops.approval;

import java.time.Instant;
import java.util.Map;

/**
 * How an approval request looks in the chat, per state: the chat adapter renders it (Lark card JSON lives
 * in {@code lark/ApprovalCards}); approvals only decide and store.
 */
public interface ApprovalView {
    Map<String, Object> render(ApprovalRequest request, Instant now);

    /** One line for clients that show no card. */
    String title(ApprovalRequest request);
}
