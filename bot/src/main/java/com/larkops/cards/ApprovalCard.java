package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approval card as Lark card JSON 2.0, one rendering per state. Pure: view in, map out.
 * Buttons carry {@code {"action": "approve"|"reject", "request_id": …}} in {@code behaviors[].value}.
 */
public final class ApprovalCard {
    private ApprovalCard() {
    }

    /** Where a request is: waiting, approved (running, or waiting for its scheduled time), and how it ended. */
    public enum State { PENDING, APPROVED, DONE, FAILED, REJECTED, EXPIRED }

    /**
     * What the card shows of one request. {@code plan}: the stored plan as it prints itself (empty for a canary stored
     * without one); {@code summary}: the facts stored at request time (markdown, escaped); {@code result}: how it ended.
     */
    public record View(String id, String service, String env, String version, String digest, String shortDigest, int canaryPercent,
                       String plan, Text summary, State state, boolean scheduled, List<String> approvedBy, int required,
                       Optional<String> decidedBy, Optional<Instant> decidedAt, Text result, Optional<String> larkInstance,
                       Instant createdAt, Instant expiresAt) {
        public View {
            approvedBy = List.copyOf(approvedBy);
        }

        boolean canary() {
            return canaryPercent > 0;
        }
    }

    public static Map<String, Object> render(View v, Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(CardJson.markdown(v.summary()));
        elements.add(CardJson.markdown(Msg.of("approval.card.plan", plan(v).map(p -> Md.codeBlock(p, 3000)))));
        elements.add(CardJson.markdown(statusLine(v, now)));
        if (v.state() == State.PENDING && v.larkInstance().isPresent()) {
            elements.add(CardJson.markdown(QuorumLine.inApprovalApp(v.larkInstance().get())));
        } else if (v.state() == State.PENDING) {
            elements.add(CardJson.buttons(List.of(
                    CardJson.button(Msg.of("approval.button.approve"), "primary", Actions.approval(Actions.APPROVE, v.id())),
                    CardJson.button(Msg.of("approval.button.reject"), "danger", Actions.approval(Actions.REJECT, v.id())))));
            if (!v.scheduled() && !v.canary() && "prod".equals(v.env())) {
                elements.add(scheduleForm(v.id()));
            }
        }
        elements.add(CardJson.note(Msg.of("approval.card.note", v.id(), when(v.createdAt(), now), when(v.expiresAt(), now))));
        Text title = title(v);
        return CardJson.card(title, colour(v.state()), title.then(Text.verbatim(" " + v.shortDigest())), elements);
    }

    /**
     * The Schedule choice: a date-time picker and a button whose value is {@code {"action": "schedule_approval", …}} (never
     * approve or reject: those are exactly one button each); the picked time comes back in {@code form_value.at}.
     */
    private static Map<String, Object> scheduleForm(String requestId) {
        Map<String, Object> at = new java.util.LinkedHashMap<>();
        at.put("tag", "picker_datetime");
        at.put("name", "at");
        at.put("required", true);
        at.put("placeholder", CardText.plain(Msg.of("approval.schedule.field"), 100));
        Map<String, Object> button = CardJson.button(Msg.of("approval.schedule.button"), "default",
                Map.of("action", Actions.SCHEDULE_APPROVAL, "request_id", requestId));
        button.put("name", "schedule");
        button.put("form_action_type", "submit");
        Map<String, Object> form = new java.util.LinkedHashMap<>();
        form.put("tag", "form");
        form.put("name", "schedule_form");
        form.put("elements", List.of(CardJson.markdown(Msg.of("approval.schedule.intro")), at, button));
        return form;
    }

    /** A copy of a run's card with one more line at the end (e.g. what the approved run also removed). */
    public static Map<String, Object> withLine(Map<String, Object> card, Text line) {
        return CardJson.appended(card, CardJson.markdown(line));
    }

    /** The title in each language; the service, version, env and percentage are never translated. */
    public static Text title(View v) {
        Msg what = v.canary() ? Msg.of("approval.what.canary", v.service(), v.version(), v.canaryPercent(), v.env())
                : Msg.of("approval.what", v.service(), v.version(), v.env());
        String key = switch (v.state()) {
            case PENDING -> "approval.title.pending";
            case APPROVED -> v.scheduled() ? "approval.title.scheduled" : "approval.title.approved";
            case DONE -> "approval.title.done";
            case FAILED -> "approval.title.failed";
            case REJECTED -> "approval.title.rejected";
            case EXPIRED -> "approval.title.expired";
        };
        return Msg.of(key, what);
    }

    /** Relative and absolute, in each language: {@code 3m ago (2026-11-28 04:10:00 UTC)}; the duration is a value. */
    public static Text when(Instant t, Instant now) {
        if (t == null) {
            return Text.verbatim("?");
        }
        Duration d = Duration.between(t, now);
        return d.isNegative() ? Msg.of("approval.when.in", Md.human(d.negated()), Md.absolute(t))
                : Msg.of("approval.when.ago", Md.human(d), Md.absolute(t));
    }

    private static Text plan(View v) {
        if (!v.canary()) {
            return Text.verbatim(v.plan());
        }
        Text canary = Msg.of("approval.card.canary_plan", v.service(), v.digest(), v.env(), v.canaryPercent());
        return v.plan().isBlank() ? canary : canary.thenLine(Text.verbatim(v.plan()));
    }

    private static Text statusLine(View v, Instant now) {
        String approvers = QuorumLine.approvedBy(v.approvedBy(), v.decidedBy().orElse(""));
        String by = v.decidedBy().map(Md::mention).orElse("");
        Text decidedAt = v.decidedAt().map(t -> when(t, now)).orElse(Text.verbatim(""));
        Text result = v.result().map(Md::escape);
        return switch (v.state()) {
            case PENDING -> QuorumLine.pending(v.approvedBy(), v.required());
            case APPROVED -> Msg.of(v.scheduled() ? "approval.card.approved.scheduled" : "approval.card.approved", approvers, decidedAt);
            case DONE -> Msg.of("approval.card.ended", approvers, decidedAt, Msg.of("change.status.live").map(Md::green), result);
            case FAILED -> Msg.of("approval.card.ended", approvers, decidedAt, Msg.of("change.status.failed").map(Md::red), result);
            case REJECTED -> Msg.of("approval.card.rejected", by, decidedAt);
            case EXPIRED -> Msg.of("approval.card.expired", when(v.expiresAt(), now));
        };
    }

    private static CardJson.Colour colour(State s) {
        return switch (s) {
            case PENDING -> CardJson.Colour.ORANGE;
            case APPROVED -> CardJson.Colour.BLUE;
            case DONE -> CardJson.Colour.GREEN;
            case FAILED -> CardJson.Colour.RED;
            case REJECTED, EXPIRED -> CardJson.Colour.GREY;
        };
    }
}
