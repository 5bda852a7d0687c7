package com.larkops.lark;

import com.larkops.approval.ApprovalRequest;
import com.larkops.cards.Actions;
import com.larkops.cards.CardJson;
import com.larkops.cards.Md;
import com.larkops.cards.QuorumLine;
import com.larkops.approval.ApprovalView;
import com.larkops.release.PlanCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The approval card as Lark card JSON 2.0, one rendering per state. Pure: request in, map out.
 * Buttons carry {@code {"action": "approve"|"reject", "request_id": …}} in {@code behaviors[].value}.
 */
public final class ApprovalCards implements ApprovalView {
    public static final ApprovalView VIEW = new ApprovalCards();

    private ApprovalCards() {
    }

    @Override
    public Map<String, Object> render(ApprovalRequest request, Instant now) {
        return card(request, now);
    }

    @Override
    public String title(ApprovalRequest request) {
        return titleOf(request);
    }

    public static Map<String, Object> card(ApprovalRequest r, Instant now) {
        String plan = r.isCanary()
                ? "start a canary of " + r.service() + "@" + r.digest().value() + " in " + r.env() + " for " + r.canaryPercent()
                + "% of users beside the live version\n(removed again if it fails its health gate; promoting it asks again)"
                + (r.planJson().isBlank() ? "" : "\n" + PlanCodec.fromJson(r.planJson()).describe())
                : PlanCodec.fromJson(r.planJson()).describe();
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(CardJson.markdown(r.summary()));
        elements.add(CardJson.markdown("**Plan** (Approve runs exactly this)\n" + Md.codeBlock(plan, 3000)));
        elements.add(CardJson.markdown(statusLine(r, now)));
        if (r.status() == ApprovalRequest.Status.PENDING && r.larkInstance().isPresent()) {
            elements.add(CardJson.markdown(QuorumLine.inApprovalApp(r.larkInstance().get())));
        } else if (r.status() == ApprovalRequest.Status.PENDING) {
            elements.add(CardJson.buttons(List.of(
                    CardJson.button("Approve", "primary", Actions.approval(Actions.APPROVE, r.id())),
                    CardJson.button("Reject", "danger", Actions.approval(Actions.REJECT, r.id())))));
        }
        elements.add(CardJson.note("request " + r.id() + " · asked " + Md.when(r.createdAt(), now)
                + " · expires " + Md.when(r.expiresAt(), now)));
        return CardJson.card(titleOf(r), colour(r.status()), titleOf(r) + " " + r.digest().shortForm(), elements);
    }

    static String titleOf(ApprovalRequest r) {
        String what = (r.isCanary() ? "canary of " : "") + r.service() + " " + r.version()
                + (r.isCanary() ? " for " + r.canaryPercent() + "% of " : " to ") + r.env();
        return switch (r.status()) {
            case PENDING -> "Approve: " + what + "?";
            case APPROVED -> scheduled(r) ? "Approved for its scheduled time: " + what : "Approved: deploying " + what;
            case DONE -> "Live: " + what;
            case FAILED -> "Failed: " + what;
            case REJECTED -> "Rejected: " + what;
            case EXPIRED -> "Expired: " + what;
        };
    }

    /** A request for a scheduled time (its summary says when): Approve records the decision; the schedule runs it. */
    private static boolean scheduled(ApprovalRequest r) {
        return r.summary().contains("**Scheduled for**");
    }

    private static String statusLine(ApprovalRequest r, Instant now) {
        String approvers = QuorumLine.approvedBy(r.approvedBy(), r.decidedBy().orElse(""));
        String by = r.decidedBy().map(Md::mention).orElse("");
        String at = r.decidedAt().map(t -> Md.when(t, now)).orElse("");
        String result = Md.escape(r.result());
        return switch (r.status()) {
            case PENDING -> QuorumLine.pending(r.approvedBy(), r.required());
            case APPROVED -> "**Approved by " + approvers + "** " + at + (scheduled(r) ? " — runs at the scheduled time, every gate checked again then"
                    : " — deploying…");
            case DONE -> "**Approved by " + approvers + "** " + at + " — " + Md.green("live") + ": " + result;
            case FAILED -> "**Approved by " + approvers + "** " + at + " — " + Md.red("failed") + ": " + result;
            case REJECTED -> "**Rejected by " + by + "** " + at + ". Nothing was changed.";
            case EXPIRED -> "**Expired** " + Md.when(r.expiresAt(), now) + " without a decision. Nothing was changed.";
        };
    }

    private static CardJson.Colour colour(ApprovalRequest.Status s) {
        return switch (s) {
            case PENDING -> CardJson.Colour.ORANGE;
            case APPROVED -> CardJson.Colour.BLUE;
            case DONE -> CardJson.Colour.GREEN;
            case FAILED -> CardJson.Colour.RED;
            case REJECTED, EXPIRED -> CardJson.Colour.GREY;
        };
    }
}
