package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What an approval card says about its quorum: who has approved so far (as mentions) and how many approvals are
 * still needed, or who approved it once it had them all. Text for a card's markdown, in every language.
 */
public final class QuorumLine {
    private QuorumLine() {
    }

    /** While pending: {@code **Approved so far** @a (1 of 2) — 1 more approval needed.} */
    public static Text pending(List<String> approvedBy, int required) {
        int left = Math.max(0, required - approvedBy.size());
        if (approvedBy.isEmpty()) {
            return required == 1 ? Msg.of("approval.quorum.waiting.one") : Msg.of("approval.quorum.waiting", required);
        }
        return Msg.of("approval.quorum.so_far", mentions(approvedBy), approvedBy.size(), required, more(left));
    }

    /** {@code 1 more approval} / {@code 2 more approvals}. */
    public static Text more(int left) {
        return left == 1 ? Msg.of("approval.quorum.more.one") : Msg.of("approval.quorum.more", left);
    }

    /** Who approved a decided request: every approver when several were needed, else the one (mentions: values). */
    public static String approvedBy(List<String> approvedBy, String decidedBy) {
        return approvedBy.isEmpty() ? Md.mention(decidedBy) : mentions(approvedBy);
    }

    /** Where a request decided in Lark's Approval app is decided (the card then has no buttons). */
    public static Text inApprovalApp(String instanceCode) {
        return Msg.of("approval.quorum.in_app", Md.escape(instanceCode).replace("`", "'"));
    }

    private static String mentions(List<String> users) {
        return users.stream().limit(50).map(Md::mention).collect(Collectors.joining(", "));
    }
}
