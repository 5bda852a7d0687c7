package com.larkops.schedule;

import com.larkops.cards.Actions;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Env;
import com.larkops.window.DeployWindow;
import com.larkops.window.WallTime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The approval card's Schedule choice: a pending prod request becomes one for a picked time, as if asked with
 * {@code at <time>}. Its approval still happens now (same rules); once approved, the schedule runs it at that time
 * with every gate checked again. Who may: the requester or an approver. The decisions are pure ({@link #refusal},
 * {@link #who}); {@link #schedule} stores the schedule and has the card say when it runs.
 */
public final class ApprovalSchedule {
    /** Lark's date-time picker answers {@code 2026-12-08 10:00 +0800}; without an offset it is read in the configured zone. */
    private static final DateTimeFormatter WITH_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss] Z");
    private static final DateTimeFormatter NO_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private ApprovalSchedule() {
    }

    /** The picked time, or empty when it is not one. */
    static Optional<Instant> picked(String text, ZoneId zone) {
        String t = text == null ? "" : text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(t, WITH_ZONE).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(WallTime.instant(LocalDateTime.parse(t, NO_ZONE), zone));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** Whether request {@code r} may be scheduled for {@code due}: empty when yes, else the one line why not. */
    static Optional<Text> refusal(ProdApprovals.Request r, Instant due, Instant now, ZoneId zone, Optional<DeployWindow> window) {
        if (r.target().env() != Env.PROD || r.canary()) {
            return Optional.of(Msg.of("approval.schedule.not_prod", r.id()));
        }
        if (!r.status().equals("pending")) {
            return Optional.of(Msg.of("approval.schedule.not_pending", r.id(), Msg.of("approval.status." + r.status())));
        }
        if (r.scheduled()) {
            return Optional.of(Msg.of("approval.schedule.already", r.id()));
        }
        if (!due.isAfter(now)) {
            return Optional.of(Msg.of("approval.schedule.past", WallTime.shown(due, zone), zone.getId(), WallTime.shown(now, zone)));
        }
        return window.filter(w -> !w.isOpen(due)).map(w -> w.refusalText(r.target().env().tag(), due));
    }

    /** Who may schedule it: its requester, or an approver ({@code approverRefusal}: why the clicker is none; empty = is one). */
    static Optional<Text> who(Optional<ProdApprovals.Request> r, Caller caller, Optional<Text> approverRefusal) {
        if (r.isEmpty()) {
            return Optional.of(Msg.of("approval.schedule.no_such"));
        }
        if (r.get().requester().equals(caller.user()) || approverRefusal.isEmpty()) {
            return Optional.empty();
        }
        return com.larkops.release.Approvers.lookupFailed(approverRefusal.get()) ? approverRefusal
                : Optional.of(Msg.of("approval.schedule.who"));
    }

    /** The Schedule button's row of the routing table: bound to the card it was posted on, its own rule of who may click. */
    public static ActionSpec spec(Schedules schedules, ProdApprovals approvals, Function<Caller, Optional<Text>> approverRefusal) {
        return new ActionSpec(Actions.SCHEDULE_APPROVAL, Role.READER, schedules::scheduleApproval, ActionSpec.Binding.POSTED,
                a -> Optional.empty(), (a, has) -> who(approvals.find(a.get("request_id")), a.caller(), approverRefusal.apply(a.caller())));
    }

    /** The answer to a refused Schedule click: one line, the card unchanged. */
    static ActionSpec.Answer refused(Text why) {
        return ActionSpec.Answer.refused(why);
    }

    /** The answer to a scheduled one: when it runs, and the card that now says so. */
    static ActionSpec.Answer scheduled(String requestId, Text when, Map<String, Object> card) {
        return new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.SUCCESS, Msg.of("approval.schedule.done", requestId, when),
                Optional.of(card));
    }

    /** The picked time of a click, or why there is none. */
    static Optional<Instant> pickedOf(CardAction a, ZoneId zone) {
        return picked(a.form().getOrDefault("at", ""), zone);
    }
}
