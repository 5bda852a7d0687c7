package com.larkops.schedule;

import com.larkops.cards.ScheduleCard;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.CommandSpec;
import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.i18n.Msg;
import com.larkops.i18n.StoredText;
import com.larkops.i18n.Text;
import com.larkops.release.ChangeRequest;
import com.larkops.release.Deployer;
import com.larkops.release.ReleaseCommands;
import com.larkops.release.Target;
import com.larkops.window.WallTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Scheduled changes: {@code /deploy … at <date> <time>} checks the gates for that time and (prod) has the approval
 * decided now; at the due time the stored target runs with every gate checked again. The card counts down and has
 * Cancel; {@code /schedules} lists the pending ones. Due work runs from the bot's background work ({@link #tick}).
 */
public final class Schedules implements ReleaseCommands.Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A schedule the bot was not running for this long past its time is not run late (nobody expects it any more). */
    static final Duration MISSED_AFTER = Duration.ofHours(1);

    private final LarkopsConfig config;
    private final ScheduleStore store;
    private final Deployer deployer;
    private final ProdApprovals approvals;
    private final Messenger messenger;
    private final Clock clock;
    private final Map<String, String> shownCountdown = new ConcurrentHashMap<>();

    public Schedules(LarkopsConfig config, ScheduleStore store, Deployer deployer, ProdApprovals approvals,
                     Messenger messenger, Clock clock) {
        this.config = config;
        this.store = store;
        this.deployer = deployer;
        this.approvals = approvals;
        this.messenger = messenger;
        this.clock = clock;
    }

    private ZoneId zone() {
        return config.calendar().zone();
    }

    @Override
    public Reply schedule(ServiceConfig service, Supplier<Target> resolve, LocalDateTime at, Caller caller, Progress progress) {
        if (caller.fromShell()) {
            throw new RefusedException(Msg.of("command.schedule.not_from_shell"));
        }
        Instant due = WallTime.instant(at, zone());
        Instant now = clock.instant();
        if (!due.isAfter(now)) {
            throw new RefusedException(Msg.of("command.schedule.past", at.toLocalDate() + " " + at.toLocalTime(), zone().getId(),
                    WallTime.shown(now, zone())));
        }
        Target target = resolve.get();
        Schedule s = new Schedule(newId(), target, due, caller.user(), caller.chat(), Optional.empty(), Optional.empty(),
                Schedule.Status.PENDING, "", now);
        if (target.env() == Env.PROD) {
            store.create(s);
            try {
                String approval = approvals.request(service, target, caller, due);
                store.approval(s.id(), approval);
            } catch (RuntimeException e) {
                store.transition(s.id(), Schedule.Status.PENDING, Schedule.Status.FAILED, StoredText.encode(com.larkops.i18n.Explained.of(e)));
                throw e;
            }
        } else {
            deployer.gates().require(ChangeRequest.by(caller, ChangeRequest.Kind.DEPLOY, target).at(due));
            store.create(s);
        }
        Schedule stored = store.byId(s.id()).orElseThrow();
        Map<String, Object> card = ScheduleCard.render(view(stored, now));
        progress.card(card).ifPresent(m -> store.cardMessage(s.id(), m));
        shownCountdown.put(s.id(), Countdown.until(Duration.between(now, due)));
        return Reply.card(Msg.of(target.env() == Env.PROD ? "command.schedule.scheduled_prod" : "command.schedule.scheduled", s.id(),
                target.service(), target.version(), target.digest().shortForm(), target.env(), dueText(due)), card);
    }

    /** {@code /schedules}: the pending ones, each with Cancel. */
    public CommandSpec spec() {
        return CommandSpec.of("schedules", "/schedules", "pending scheduled changes, each with Cancel", Role.READER, r -> {
            List<Schedule> pending = store.withStatus(Schedule.Status.PENDING);
            Map<String, Object> card = listCard();
            return Reply.card(pending.isEmpty() ? Msg.of("command.schedule.none") : Msg.of("command.schedule.pending", pending.size(),
                    Text.joined(", ", pending.stream().map(s -> Msg.of("command.schedule.item", s.id(), s.service(), s.target().version(),
                            s.env(), WallTime.shown(s.dueAt(), zone()))).toList())), card);
        });
    }

    /** The Cancel button: the requester or an approver, through the router like every click. */
    public ActionSpec cancelSpec() {
        return new ActionSpec(ScheduleCard.CANCEL, Role.DEPLOYER, this::cancel, ActionSpec.Binding.POSTED, a -> Optional.empty(),
                (a, has) -> has == Role.APPROVER || store.byId(a.get("schedule_id")).map(s -> s.requester().equals(a.caller().user()))
                        .orElse(false) ? Optional.empty() : Optional.of(Msg.of("command.schedule.cancel_who")));
    }

    private ActionSpec.Answer cancel(CardAction a) {
        Optional<Schedule> found = store.byId(a.get("schedule_id"));
        if (found.isEmpty()) {
            return ActionSpec.Answer.refused(Msg.of("command.schedule.no_such"));
        }
        Schedule s = found.get();
        Text why = Msg.of("command.schedule.cancelled_by", com.larkops.model.Text.mention(a.caller().user())); // stored with the schedule: its result
        if (!store.transition(s.id(), Schedule.Status.PENDING, Schedule.Status.CANCELLED, StoredText.encode(why))) {
            return new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, Msg.of("command.schedule.already",
                    Msg.of("command.schedule.state." + store.byId(s.id()).map(x -> x.status().label()).orElse("gone"))), Optional.empty());
        }
        s.approvalId().ifPresent(id -> approvals.withdraw(id, Msg.of("command.schedule.withdrawn", s.id(), why)));
        shownCountdown.remove(s.id());
        boolean ownCard = s.cardMessageId().map(a.messageId()::equals).orElse(false);
        if (!ownCard) {
            updateCard(s.id());
        }
        return new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.SUCCESS, Msg.of("command.schedule.cancelled", s.id()),
                Optional.of(ownCard ? ScheduleCard.render(view(store.byId(s.id()).orElseThrow(), clock.instant())) : listCard()));
    }

    /** The approval card's Schedule button as a row of the routing table. */
    public ActionSpec approvalScheduleSpec() {
        return ApprovalSchedule.spec(this, approvals, c -> deployer.gates().approvers().refusalText(c));
    }

    /** The approval card's Schedule click (its rule passed): the pending request runs at the picked time once approved. */
    ActionSpec.Answer scheduleApproval(CardAction a) {
        Optional<ProdApprovals.Request> found = approvals.find(a.get("request_id"));
        if (found.isEmpty()) {
            return ApprovalSchedule.refused(Msg.of("approval.schedule.no_such"));
        }
        ProdApprovals.Request r = found.get();
        Optional<Instant> due = ApprovalSchedule.pickedOf(a, zone());
        if (due.isEmpty()) {
            return ApprovalSchedule.refused(Msg.of("approval.schedule.not_a_time", com.larkops.model.Text.clip(a.form().getOrDefault("at", ""))));
        }
        Instant now = clock.instant();
        Optional<Text> refusal = store.pendingByApproval(r.id()).isPresent() ? Optional.of(Msg.of("approval.schedule.already", r.id()))
                : ApprovalSchedule.refusal(r, due.get(), now, zone(), config.calendar().window(r.target().env()));
        if (refusal.isPresent()) {
            return ApprovalSchedule.refused(refusal.get());
        }
        // stored before the request changes, so an Approve from now on waits for the time instead of running at once
        Schedule s = new Schedule(newId(), r.target(), due.get(), r.requester(), r.chat(), Optional.empty(), Optional.of(r.id()),
                Schedule.Status.PENDING, "", now);
        store.create(s);
        Optional<Map<String, Object>> card = approvals.scheduledFor(r.id(), due.get());
        if (card.isEmpty()) {
            store.transition(s.id(), Schedule.Status.PENDING, Schedule.Status.CANCELLED, StoredText.encode(Msg.of("command.schedule.decided_meanwhile")));
            return ApprovalSchedule.refused(Msg.of("approval.schedule.not_pending", r.id(), Msg.of("approval.status."
                    + approvals.status(r.id()).orElse("expired"))));
        }
        log.info("schedule {}: approval {} runs at {} (by {})", s.id(), r.id(), due.get(), a.caller().user());
        return ApprovalSchedule.scheduled(r.id(), dueText(due.get()), card.get());
    }

    /** Whether approval request {@code approvalId} belongs to a pending schedule (its Approve must not run it now). */
    public boolean runsLater(String approvalId) {
        return store.pendingByApproval(approvalId).isPresent();
    }

    /**
     * A run a stop interrupted is over (the reconciler settled its release): its card says so. Judged by age, not at
     * start, so a replica starting beside the one running it leaves the run alone; no run takes an hour.
     */
    private void settleInterrupted(Instant now) {
        for (Schedule s : store.withStatus(Schedule.Status.RUNNING)) {
            if (Duration.between(s.dueAt(), now).compareTo(MISSED_AFTER) > 0 && store.transition(s.id(), Schedule.Status.RUNNING,
                    Schedule.Status.FAILED, StoredText.encode(Msg.of("command.schedule.interrupted", s.service())))) {
                updateCard(s.id());
            }
        }
    }

    /** The time-driven work: due schedules run (one after another), the others' countdowns are refreshed when they changed. */
    public synchronized void tick() {
        Instant now = clock.instant();
        settleInterrupted(now);
        for (Schedule s : store.withStatus(Schedule.Status.PENDING)) {
            try {
                if (!s.dueAt().isAfter(now)) {
                    runDue(s, now);
                } else {
                    String countdown = Countdown.until(Duration.between(now, s.dueAt()));
                    if (!countdown.equals(shownCountdown.get(s.id()))) {
                        shownCountdown.put(s.id(), countdown);
                        updateCard(s.id());
                    }
                }
            } catch (RuntimeException e) {
                log.warn("schedule {}: {}", s.id(), e.getMessage());
            }
        }
    }

    private void runDue(Schedule s, Instant now) {
        if (!store.transition(s.id(), Schedule.Status.PENDING, Schedule.Status.RUNNING, "")) {
            return; // cancelled meanwhile, or another replica took it
        }
        shownCountdown.remove(s.id());
        updateCard(s.id());
        Deployer.Outcome outcome;
        if (Duration.between(s.dueAt(), now).compareTo(MISSED_AFTER) > 0) {
            outcome = new Deployer.Outcome(false, Msg.of("command.schedule.missed", WallTime.shown(s.dueAt(), zone())));
            s.approvalId().ifPresent(id -> approvals.withdraw(id, outcome.message()));
        } else if (s.approvalId().isPresent()) {
            outcome = runProd(s);
        } else {
            outcome = runStaging(s);
        }
        store.transition(s.id(), Schedule.Status.RUNNING, outcome.live() ? Schedule.Status.DONE : Schedule.Status.FAILED,
                StoredText.encode(outcome.message()));
        Map<String, Object> card = ScheduleCard.render(view(store.byId(s.id()).orElseThrow(), clock.instant()));
        if (s.approvalId().isEmpty() && outcome.card().isPresent()) {
            // the change's own card (steps, short digest, live / failed / rolled back) is the schedule's final word
            card = com.larkops.cards.Appended.note(outcome.card().get(), Msg.of("command.schedule.was_scheduled", s.id(), dueText(s.dueAt())));
        }
        Map<String, Object> last = card;
        s.cardMessageId().ifPresent(m -> messenger.updateCard(m, last));
    }

    private Deployer.Outcome runProd(Schedule s) {
        String id = s.approvalId().orElseThrow();
        String status = approvals.status(id).orElse("gone");
        if (!status.equals("approved")) {
            approvals.withdraw(id, Msg.of("command.schedule.not_approved_in_time"));
            return new Deployer.Outcome(false, Msg.of("command.schedule.not_approved", id, approvalState(status)));
        }
        return approvals.runApproved(id);
    }

    private Deployer.Outcome runStaging(Schedule s) {
        Caller caller = Caller.lark(s.requester(), s.chat());
        Progress progress = s.cardMessageId().map(messenger::liveCard).orElse(Progress.NONE);
        try {
            deployer.gates().require(ChangeRequest.of(ChangeRequest.Origin.SCHEDULE, caller, ChangeRequest.Kind.DEPLOY, s.target()));
            return deployer.deploy(s.target(), com.larkops.model.Release.Kind.DEPLOY, caller, progress);
        } catch (RefusedException e) {
            return new Deployer.Outcome(false, e.getMessage().contains("nothing was") ? e.text() : Msg.of("command.schedule.refused", e.text()));
        } catch (RuntimeException e) {
            return new Deployer.Outcome(false, Msg.of("command.schedule.failed", e.getMessage()));
        }
    }

    private void updateCard(String id) {
        store.byId(id).ifPresent(s -> s.cardMessageId().ifPresent(m -> messenger.updateCard(m, ScheduleCard.render(view(s, clock.instant())))));
    }

    private Map<String, Object> listCard() {
        Instant now = clock.instant();
        return ScheduleCard.list(store.withStatus(Schedule.Status.PENDING).stream().map(s -> view(s, now)).toList(), zone().getId());
    }

    private ScheduleCard.View view(Schedule s, Instant now) {
        Text approval = s.approvalId().<Text>map(id -> {
            String status = approvals.status(id).orElse("gone");
            boolean waiting = s.status() == Schedule.Status.PENDING && status.equals("pending");
            return Msg.of(waiting ? "command.schedule.approval_waiting" : "command.schedule.approval_state", id, approvalState(status));
        }).orElse(Text.verbatim(""));
        return new ScheduleCard.View(s.id(), s.service(), s.env().tag(), s.target().version(), s.digest().value(),
                dueText(s.dueAt()), Countdown.text(Duration.between(now, s.dueAt())), s.status().label(), s.requester(), approval,
                StoredText.decode(s.result()));
    }

    /** "Thu 2026-12-10 10:00 Asia/Shanghai": the wall clock in the configured zone, the day in the reader's language. */
    private Text dueText(Instant t) {
        return WallTime.shown(t, zone()).then(Text.verbatim(" " + zone().getId()));
    }

    /** An approval request's state as a word in every language; an unknown one as it is. */
    private static Text approvalState(String status) {
        String key = "command.approval_state." + status;
        return com.larkops.i18n.Catalogue.has(key) ? Msg.of(key) : Text.verbatim(status);
    }

    private static String newId() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder("sch-");
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
