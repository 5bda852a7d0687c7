package com.larkops.approval;

import com.larkops.release.PlanCodec;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The approval card as Lark card JSON (1.0 schema), one rendering per state. Pure: request in, map out.
 * Buttons carry {@code {"action": "approve"|"reject", "request_id": …}} in their {@code value}.
 */
public final class ApprovalCards {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ApprovalCards() {
    }

    public static Map<String, Object> render(ApprovalRequest r) {
        String plan = r.isCanary()
                ? "start a canary of " + r.service() + "@" + r.digest().value() + " in " + r.env() + " for " + r.canaryPercent()
                + "% of users beside the live version\n(removed again if it fails its health gate; promoting it asks again)"
                : PlanCodec.fromJson(r.planJson()).describe();
        List<Object> elements = new ArrayList<>();
        elements.add(markdown(r.summary()));
        elements.add(markdown("**Plan**\n```\n" + plan + "\n```"));
        elements.add(markdown(statusLine(r)));
        if (r.status() == ApprovalRequest.Status.PENDING) {
            elements.add(Map.of("tag", "action", "actions", List.of(
                    button("Approve", "primary", "approve", r.id()),
                    button("Reject", "danger", "reject", r.id()))));
        }
        elements.add(Map.of("tag", "note", "elements", List.of(Map.of("tag", "plain_text",
                "content", "request " + r.id() + " · asked " + WHEN.format(r.createdAt()) + " · expires " + WHEN.format(r.expiresAt())))));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", Map.of("wide_screen_mode", true, "update_multi", true));
        card.put("header", Map.of("title", Map.of("tag", "plain_text", "content", title(r)), "template", colour(r.status())));
        card.put("elements", elements);
        return card;
    }

    static String title(ApprovalRequest r) {
        String what = (r.isCanary() ? "canary of " : "") + r.service() + " " + r.version()
                + (r.isCanary() ? " for " + r.canaryPercent() + "% of " : " to ") + r.env();
        return switch (r.status()) {
            case PENDING -> "Approve: " + what + "?";
            case APPROVED -> "Approved: deploying " + what;
            case DONE -> "Live: " + what;
            case FAILED -> "Failed: " + what;
            case REJECTED -> "Rejected: " + what;
            case EXPIRED -> "Expired: " + what;
        };
    }

    private static String statusLine(ApprovalRequest r) {
        String by = r.decidedBy().map(u -> "<at id=" + u + "></at>").orElse("");
        String at = r.decidedAt().map(WHEN::format).orElse("");
        return switch (r.status()) {
            case PENDING -> "**Waiting for an approver.** The requester cannot approve their own request.";
            case APPROVED -> "**Approved by " + by + " at " + at + "** — deploying…";
            case DONE -> "**Approved by " + by + " at " + at + "** — " + r.result();
            case FAILED -> "**Approved by " + by + " at " + at + "** — failed: " + r.result();
            case REJECTED -> "**Rejected by " + by + " at " + at + ".** Nothing was changed.";
            case EXPIRED -> "**Expired** at " + WHEN.format(r.expiresAt()) + " without a decision. Nothing was changed.";
        };
    }

    private static String colour(ApprovalRequest.Status s) {
        return switch (s) {
            case PENDING -> "orange";
            case APPROVED -> "blue";
            case DONE -> "green";
            case FAILED -> "red";
            case REJECTED, EXPIRED -> "grey";
        };
    }

    private static Map<String, Object> markdown(String text) {
        return Map.of("tag", "div", "text", Map.of("tag", "lark_md", "content", text));
    }

    private static Map<String, Object> button(String label, String type, String action, String requestId) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("tag", "button");
        b.put("text", Map.of("tag", "plain_text", "content", label));
        b.put("type", type);
        b.put("value", Map.of("action", action, "request_id", requestId));
        return b;
    }
}
