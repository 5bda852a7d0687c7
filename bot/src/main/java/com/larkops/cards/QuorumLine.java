package com.larkops.cards;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What an approval card says about its quorum: who has approved so far (as mentions) and how many approvals are
 * still needed, or who approved it once it had them all. Pure text for a card's markdown.
 */
public final class QuorumLine {
    private QuorumLine() {
    }

    /** While pending: {@code **Approved so far** @a (1 of 2) — 1 more approval needed.} */
    public static String pending(List<String> approvedBy, int required) {
        int left = Math.max(0, required - approvedBy.size());
        String needed = left + (left == 1 ? " more approval" : " more approvals") + " needed";
        if (approvedBy.isEmpty()) {
            return "**Waiting for " + (required == 1 ? "an approver" : required + " different approvers") + ".** "
                    + "The requester cannot approve their own request.";
        }
        return "**Approved so far** " + mentions(approvedBy) + " (" + approvedBy.size() + " of " + required + ") — " + needed
                + ". The requester cannot approve their own request.";
    }

    /** Who approved a decided request: every approver when several were needed, else the one. */
    public static String approvedBy(List<String> approvedBy, String decidedBy) {
        return approvedBy.isEmpty() ? Md.mention(decidedBy) : mentions(approvedBy);
    }

    /** Where a request decided in Lark's Approval app is decided (the card then has no buttons). */
    public static String inApprovalApp(String instanceCode) {
        return "**Decide in Lark's Approval app** (instance `" + Md.escape(instanceCode).replace("`", "'")
                + "`): each approval there counts here with the same rules.";
    }

    private static String mentions(List<String> users) {
        return users.stream().limit(50).map(Md::mention).collect(Collectors.joining(", "));
    }
}
