package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.Caller;
import com.larkops.command.Messenger;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.DurationText;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.command.Progress;
import com.larkops.cards.ApprovalCard;
import com.larkops.cards.Md;
import com.larkops.cards.QuorumLine;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.StoredText;
import com.larkops.i18n.Text;
import com.larkops.model.ServiceName;
import com.larkops.release.ChangeRequest;
import com.larkops.release.Deployer;
import com.larkops.release.Gatekeeper;
import com.larkops.release.PlanCodec;
import com.larkops.release.ReleaseHistory;
import com.larkops.release.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Prod changes by approval: a request stores the exact plan and posts a card; the first valid decision
 * wins (compare-and-set, durable, so double clicks and re-delivered callbacks change nothing); Approve
 * runs the stored plan on a worker and updates the card in place.
 */
public final class Approvals {
    private static final Logger log = LoggerFactory.getLogger(Approvals.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LarkopsConfig config;
    private final ApprovalStore store;
    private final Deployer deployer;
    private final ReleaseHistory history;
    private final PromotionGate gate;
    private final Messenger messenger;
    private final Executor worker;
    private final Clock clock;

    private final ApprovalView view;

    public Approvals(LarkopsConfig config, ApprovalStore store, Deployer deployer, ReleaseHistory history, PromotionGate gate,
                     Messenger messenger, Executor worker, Clock clock, ApprovalView view) {
        this.view = view;
        this.config = config;
        this.store = store;
        this.deployer = deployer;
        this.history = history;
        this.gate = gate;
        this.messenger = messenger;
        this.worker = worker;
        this.clock = clock;
    }

    private volatile CanaryStarter canaries = (service, digest, percent, requester, progress) -> {
        throw new RefusedException(Msg.of("approval.canaries_unavailable"));
    };

    /** How an approved prod canary is started, and retired once its digest went live (the skill side implements it). */
    public interface CanaryStarter {
        Deployer.Outcome start(ServiceName service, com.larkops.model.Digest digest, int percent, Caller requester,
                               com.larkops.command.Progress progress);

        /** The canary's plan, made at request time and stored on the card, and what the env's live version runs now. */
        default CanaryPlan plan(ServiceName service, Target target, int percent, Caller requester) {
            throw new RefusedException(Msg.of("approval.canaries_unavailable"));
        }

        /** Runs an approved canary plan exactly as stored, if the env still runs {@code runningBefore}. */
        default Deployer.Outcome runApproved(ServiceName service, Target target, int percent, com.larkops.release.Plan plan,
                                             List<String> runningBefore, Caller requester, Progress progress) {
            throw new RefusedException(Msg.of("approval.canaries_unavailable"));
        }

        /** After an approved deploy: a canary of the digest now live is no canary any more; returns what it removed. */
        default String retire(ServiceName service, com.larkops.model.Env env, com.larkops.model.Digest live, Caller approver) {
            return "none";
        }
    }

    /** A canary's stored plan and the live containers it was made against. */
    public record CanaryPlan(com.larkops.release.Plan plan, List<String> runningBefore) {
    }

    public void useCanaries(CanaryStarter starter) {
        this.canaries = starter;
    }

    private volatile Optional<WhatChangedReader> whatChanged = Optional.empty();

    /** Every prod approval card then shows what changed between prod's digest and the candidate. */
    public void useWhatChanged(WhatChangedReader reader) {
        this.whatChanged = Optional.of(reader);
    }

    private Text whatChanged(ServiceConfig service, Target target, Optional<com.larkops.model.Digest> prod, Instant healthySince) {
        return whatChanged.map(r -> r.text(service, target.digest(), prod, healthySince, clock.instant())).orElse(Text.verbatim(""));
    }

    private volatile ApprovalApp approvalApp = ApprovalApp.NONE;

    /** Where requests go under {@code approvals.prod.mode: lark-approval} (the bot: Lark's Approval app). */
    public void useApprovalApp(ApprovalApp app) {
        this.approvalApp = app;
    }

    /**
     * What a click on Approve or Reject answers: its tone ({@code success}, {@code info}, {@code warning} or
     * {@code error}, see {@link ActionSpec.Tone}), a short text, and the card as it should now look (when it changed).
     */
    public record Decision(String tone, Text message, Optional<Map<String, Object>> card) {
        /** English (logs, tests). */
        public String text() {
            return message.in(Language.DEFAULT);
        }

        public ActionSpec.Answer answer() {
            ActionSpec.Tone t = ActionSpec.Tone.valueOf(tone.toUpperCase(java.util.Locale.ROOT));
            return new ActionSpec.Answer(t == ActionSpec.Tone.ERROR ? Reply.Outcome.REFUSED : Reply.Outcome.OK, t, message, card);
        }
    }

    public Reply request(ServiceConfig service, Target target, Caller caller, Progress progress) {
        ApprovalRequest request = requestFor(service, target, caller, progress, Optional.empty());
        return Reply.ok(Msg.of("approval.requested", request.id(), service.name(), target.version(), target.digest().shortForm(),
                target.env(), where(request)));
    }

    /**
     * A prod change scheduled for {@code at}: the gates judge that time (the window), the plan is stored now and the card
     * posted to the caller's chat; Approve records the decision, and the schedule runs it at {@code at}. Returns the id.
     */
    public String requestScheduled(ServiceConfig service, Target target, Caller caller, Instant at, String atText) {
        Caller toChat = new Caller(caller.user(), caller.chat(), caller.fromShell(), "");
        return requestFor(service, target, toChat, Progress.NONE, Optional.of(at), Msg.of("approval.summary.scheduled",
                Md.escape(atText))).id();
    }

    private ApprovalRequest requestFor(ServiceConfig service, Target target, Caller caller, Progress progress, Optional<Instant> at) {
        return requestFor(service, target, caller, progress, at, Text.verbatim(""));
    }

    private ApprovalRequest requestFor(ServiceConfig service, Target target, Caller caller, Progress progress, Optional<Instant> at,
                                       Text scheduled) {
        ChangeRequest change = prodRequest(caller, ChangeRequest.Kind.PROMOTE, target);
        Gatekeeper.Passed passed = deployer.gates().require(at.map(change::at).orElse(change));
        Instant healthySince = gate.check(service, target.digest(), target.version());
        // who signed it is the signature gate's verdict; without a verify policy for the env, the card says so
        Text signature = Msg.of("approval.summary.signature", passed.signature().<Text>map(Text::verbatim)
                .orElse(Msg.of("approval.summary.signature.unchecked", target.env())));
        refuseIfPending(service, target);
        String chat = cardChat(caller, target);
        Deployer.Prepared prepared = deployer.prepare(target, Release.Kind.DEPLOY, caller);
        Text prodNow = prepared.current().<Text>map(c -> Text.verbatim(Md.escape(c.label(Labels.VERSION) + " (" + c.label(Labels.DIGEST) + ")")))
                .orElse(Msg.of("approval.summary.nothing"));
        Optional<com.larkops.model.Digest> prodDigest = prepared.current().map(c -> c.label(Labels.DIGEST))
                .filter(com.larkops.model.Digest::looksLikeDigest).map(com.larkops.model.Digest::parse);
        return post(newRequest(service, target, caller, chat, prepared.release().id(), PlanCodec.toJson(prepared.plan()),
                prepared.runningBefore(), summary(service, target, caller, healthySince, prodNow,
                        List.of(signature, scheduled, whatChanged(service, target, prodDigest, healthySince))), 0), caller, progress);
    }

    /**
     * Drift's Adopt in prod: an approval card like any prod change, every gate but known-good in staging (the card says
     * plainly it never soaked there). {@code seen}: what the drift card saw (what ran, what the tag named); the request is
     * refused when that changed since. Approve runs the stored adopt plan: a record of what runs, or a deploy of what the
     * moved tag names ({@link com.larkops.release.AdoptPlanner}).
     */
    public Reply requestAdopt(ServiceConfig service, Target target, Optional<List<String>> seen, Caller caller, Progress progress) {
        ChangeRequest change = ChangeRequest.by(caller, ChangeRequest.Kind.ADOPT, target);
        Gatekeeper.Passed passed = deployer.gates().require(seen.map(s -> change.expecting(s, caller.user())).orElse(change));
        Text signature = Msg.of("approval.summary.signature", passed.signature().<Text>map(Text::verbatim)
                .orElse(Msg.of("approval.summary.signature.unchecked", target.env())));
        refuseIfPending(service, target);
        String chat = cardChat(caller, target);
        Deployer.Prepared prepared = deployer.prepareAdopt(target, caller);
        Text runsNow = prepared.current().<Text>map(c -> Text.verbatim(Md.escape(c.label(Labels.VERSION) + " (" + c.label(Labels.DIGEST) + ")")))
                .orElse(Msg.of("approval.summary.nothing"));
        Text adopt = com.larkops.release.AdoptPlanner.recordsOnly(prepared.plan()) ? Msg.of("approval.summary.adopt.record", target.env())
                : Msg.of("approval.summary.adopt.deploy", target.env());
        ApprovalRequest request = post(newRequest(service, target, caller, chat, prepared.release().id(), PlanCodec.toJson(prepared.plan()),
                prepared.runningBefore(), summary(service, target, caller, Optional.empty(), runsNow, List.of(adopt, signature)), 0),
                caller, progress);
        return Reply.ok(Msg.of("approval.requested.adopt", request.id(), service.name(), target.version(), target.digest().shortForm(),
                target.env(), where(request)));
    }

    private volatile java.util.function.Predicate<String> runsLater = id -> false;

    /** Which approved requests wait for their scheduled time rather than run at the click (the schedules know). */
    public void useSchedules(java.util.function.Predicate<String> runsLater) {
        this.runsLater = runsLater;
    }

    /** The request's status label (pending, approved, …); empty when there is no such request. */
    public Optional<String> statusOf(String id) {
        return store.byId(id).map(r -> r.status().label());
    }

    /**
     * Whether request {@code id}'s run belongs to its schedule: a pending schedule holds it AND the request says so (its
     * summary got the time while it was still pending). Both are needed: a Schedule click stores the schedule first and
     * marks the request second, and a quorum's Approve landing in between finds the request unmarked, runs it now, and
     * the click (its mark refused) cancels its schedule; so a run is never left to a schedule that will not run it.
     */
    private boolean deferredToSchedule(String id) {
        return runsLater.test(id) && store.byId(id).map(ApprovalRequest::scheduled).orElse(false);
    }

    /** The request {@code id}, as stored (empty: no such request). */
    public Optional<ApprovalRequest> byId(String id) {
        return id == null || id.isBlank() ? Optional.empty() : store.byId(id);
    }

    /**
     * Pending request {@code id} becomes one for the scheduled time {@code at} (the schedule holding it is stored already):
     * its card says when it runs and keeps Approve/Reject. Returns the card as it looks now; empty when it was no longer pending.
     */
    public Optional<Map<String, Object>> scheduledFor(String id, String atText) {
        Optional<ApprovalRequest> found = store.byId(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Text summary = found.get().summaryText().thenLine(Msg.of("approval.summary.scheduled", Md.escape(atText)));
        if (!store.resummarise(id, StoredText.encode(summary))) {
            return Optional.empty();
        }
        log.info("approval {}: scheduled for {}", id, atText);
        return card(id);
    }

    /** Runs an approved request now, on this thread, every gate checked again (a schedule's due time); returns how it ended. */
    public Deployer.Outcome runApprovedNow(String id) {
        ApprovalRequest r = store.byId(id).orElseThrow();
        if (r.status() != ApprovalRequest.Status.APPROVED) {
            return new Deployer.Outcome(false, Msg.of("approval.not_approved", id, status(r.status())));
        }
        run(id, r.decidedBy().orElse("larkops"));
        ApprovalRequest done = store.byId(id).orElseThrow();
        return new Deployer.Outcome(done.status() == ApprovalRequest.Status.DONE, done.resultText());
    }

    /** Closes a request that will not run (its schedule was cancelled or missed): no release is left waiting; its card says why. */
    public void withdraw(String id, Text why) {
        Optional<ApprovalRequest> found = store.byId(id);
        if (found.isEmpty()) {
            return;
        }
        ApprovalRequest r = found.get();
        boolean closed = store.transition(id, ApprovalRequest.Status.PENDING, ApprovalRequest.Status.EXPIRED, "larkops", clock.instant());
        if (!closed && r.status() == ApprovalRequest.Status.APPROVED) {
            store.finish(id, ApprovalRequest.Status.FAILED, StoredText.encode(Msg.of("approval.withdrawn", why)));
            closed = true;
        }
        if (closed) {
            history.cancel(r.releaseId(), StoredText.encode(why));
            updateCard(id);
            closeInstance(r);
        }
    }

    /** A prod canary is a prod change: it starts only when another approver approves its card. */
    public Reply requestCanary(ServiceConfig service, Target target, int percent, Caller caller, Progress progress) {
        Gatekeeper.Passed passed = deployer.gates().require(prodRequest(caller, ChangeRequest.Kind.CANARY, target));
        Instant healthySince = gate.check(service, target.digest(), target.version());
        Text signature = passed.signature().<Text>map(line -> Msg.of("approval.summary.signature", line)).orElse(Text.verbatim(""));
        refuseIfPending(service, target);
        String chat = cardChat(caller, target);
        Text prodNow = history.live(service.serviceName(), target.env()).<Text>map(r -> Text.verbatim(Md.escape(r.version() + " ("
                + r.digest().value() + ")"))).orElse(Msg.of("approval.summary.nothing"));
        // like every approval, the card stores the plan it shows; Approve runs exactly that plan
        CanaryPlan plan = canaries.plan(service.serviceName(), target, percent, caller);
        ApprovalRequest request = post(newRequest(service, target, caller, chat, 0, PlanCodec.toJson(plan.plan()), plan.runningBefore(),
                summary(service, target, caller, healthySince, prodNow, List.of(signature, Msg.of("approval.summary.canary_share", percent,
                        target.env()), whatChanged(service, target, history.live(service.serviceName(), target.env())
                        .map(com.larkops.model.Release::digest), healthySince))), percent), caller, progress);
        return Reply.ok(Msg.of("approval.requested.canary", request.id(), service.name(), target.version(), target.digest().shortForm(),
                percent, target.env(), where(request)));
    }

    /** A prod request: by a person, or the registry follower asking for the promotion of what it deployed to staging. */
    private static ChangeRequest prodRequest(Caller caller, ChangeRequest.Kind kind, Target target) {
        return ChangeRequest.REGISTRY_ACTOR.equals(caller.user()) && !caller.fromShell()
                ? ChangeRequest.of(ChangeRequest.Origin.NOTIFICATION, caller, ChangeRequest.Kind.PROMOTE, target)
                : ChangeRequest.by(caller, kind, target);
    }

    private void refuseIfPending(ServiceConfig service, Target target) {
        store.pendingFor(service.serviceName(), target.env()).ifPresent(p -> {
            throw new RefusedException(Msg.of("approval.already_pending", service.name(), target.env(), p.id(), p.version(),
                    com.larkops.model.Text.mention(p.requester())));
        });
    }

    private String cardChat(Caller caller, Target target) {
        String chat = caller.fromShell() ? config.chats().stream().findFirst().orElse("") : caller.chat();
        if (chat.isBlank()) {
            throw new RefusedException(Msg.of("approval.no_chat"));
        }
        return chat;
    }

    /** The card's facts, stored with the request in every language ({@code prodNow} escaped already). */
    private String summary(ServiceConfig service, Target target, Caller caller, Instant healthySince, Text prodNow, List<Text> extra) {
        return summary(service, target, caller, Optional.of(healthySince), prodNow, extra);
    }

    /** {@code healthySince} empty: an adopt, which never went through staging (its own line says so). */
    private String summary(ServiceConfig service, Target target, Caller caller, Optional<Instant> healthySince, Text prodNow,
                           List<Text> extra) {
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("approval.summary.service", Md.escape(service.name())));
        lines.add(Msg.of("approval.summary.version", Md.escape(target.version())));
        lines.add(Msg.of("approval.summary.digest", target.digest().value()));
        lines.addAll(extra);
        healthySince.ifPresent(since -> lines.add(Msg.of("approval.summary.healthy_for",
                DurationText.human(Duration.between(since, clock.instant()).withNanos(0)))));
        lines.add(Msg.of("approval.summary.runs_now", target.env(), prodNow));
        lines.add(Msg.of("approval.summary.requested_by", mention(caller.user())));
        lines.add(Msg.of("approval.summary.may_approve", Text.joined(", ", config.prodApprovals().approvers().stream()
                .filter(a -> !(a.isUser() && a.id().equals(caller.user()))).map(Approvals::approver).toList())));
        if (config.prodApprovals().required() > 1) {
            lines.add(Msg.of("approval.summary.needed", config.prodApprovals().required()));
        }
        return StoredText.encode(Text.lines(lines));
    }

    private ApprovalRequest newRequest(ServiceConfig service, Target target, Caller caller, String chat, long releaseId, String planJson,
                                       List<String> runningBefore, String summary, int canaryPercent) {
        Instant now = clock.instant();
        return new ApprovalRequest(newId(), service.serviceName(), target.env(), releaseId, target.digest(), target.version(), planJson,
                runningBefore, summary, caller.user(), chat, now, now.plus(config.approvalTtl()), ApprovalRequest.Status.PENDING,
                Optional.empty(), Optional.empty(), Optional.empty(), "", canaryPercent, config.prodApprovals().required(), List.of(),
                Optional.empty());
    }

    /**
     * Stores the request and posts its card; the card's message id is what later clicks must come from. In chat
     * the card is the command's one reply (then updated through the approved run); from the shell or the
     * registry follower it is posted to the chat.
     */
    private ApprovalRequest post(ApprovalRequest request, Caller caller, Progress progress) {
        try {
            request = inApprovalApp(request);
        } catch (RefusedException e) {
            history.cancel(request.releaseId(), "the Lark Approval instance could not be created");
            throw e;
        }
        store.create(request);
        Map<String, Object> card = view.render(request, clock.instant());
        Optional<String> messageId = caller.fromShell() || caller.messageId().isBlank()
                ? messenger.send(request.chat(), Reply.card(view.title(request), card))
                : progress.card(card);
        if (messageId.isEmpty()) {
            store.transition(request.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.EXPIRED, "larkops", clock.instant());
            history.cancel(request.releaseId(), "approval card could not be posted");
            throw new RefusedException(Msg.of("approval.card_not_posted", request.env()));
        }
        store.cardMessage(request.id(), messageId.get());
        return request;
    }

    /**
     * Under {@code mode: lark-approval}, a request by a Lark user becomes an instance in Lark's Approval app first (the
     * card then shows where to decide, without buttons); a request by the shell or the registry follower has no Lark
     * user to initiate it and stays on the card.
     */
    private ApprovalRequest inApprovalApp(ApprovalRequest request) {
        var policy = config.prodApprovals();
        if (policy.mode() != com.larkops.config.ApprovalPolicy.Mode.LARK_APPROVAL || !request.requester().matches("ou_[A-Za-z0-9_-]{1,64}")) {
            return request;
        }
        Text text = Msg.of("approval.app.text", request.summaryText().map(s -> com.larkops.model.Text.plain(s).replace("**", "")),
                request.planJson().isBlank() ? "" : PlanCodec.fromJson(request.planJson()).describe(), request.id());
        String instance = approvalApp.create(policy.approvalCode().orElseThrow(), request, text);
        log.info("approval {}: Lark Approval instance {}", request.id(), instance);
        return request.inLarkApproval(instance);
    }

    /** The request decided in Lark's Approval app instance {@code instanceCode}, for its task events. */
    public Optional<ApprovalRequest> byLarkInstance(String instanceCode) {
        return instanceCode == null || instanceCode.isBlank() ? Optional.empty() : store.byLarkInstance(instanceCode);
    }

    /** How long a click waits for its card's post to finish: Lark may show a card before our send returns. */
    static final long CARD_POST_WAIT_MS = 1500;

    /** The request, once its card's message id is stored (a pending one still being posted is waited for, briefly). */
    private Optional<ApprovalRequest> cardPosted(String requestId) {
        long deadline = System.nanoTime() + CARD_POST_WAIT_MS * 1_000_000L;
        Optional<ApprovalRequest> found = store.byId(requestId);
        while (found.isPresent() && found.get().cardMessageId().isEmpty()
                && found.get().status() == ApprovalRequest.Status.PENDING && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = store.byId(requestId);
        }
        return found;
    }

    /**
     * A click on {@code messageId}, by someone the router let through (chat allow-list and who may click are
     * the rows of {@link ApprovalActions}). It counts only on the card posted for that request: the same button
     * value on any other message (a skill's card, a forged one) changes nothing.
     * Approve runs the stored plan only while the env still runs, digest for digest, what it ran at the
     * request; otherwise the request is closed unrun and the click says what changed.
     */
    public Decision decide(String requestId, String action, Caller operator, String messageId) {
        Optional<ApprovalRequest> found = requestId == null ? Optional.empty() : cardPosted(requestId);
        if (found.isEmpty() || found.get().cardMessageId().isEmpty() || !found.get().cardMessageId().get().equals(messageId)) {
            return new Decision("error", Msg.of("approval.decide.not_ours"), Optional.empty());
        }
        ApprovalRequest r = found.get();
        Instant now = clock.instant();
        if (r.status() != ApprovalRequest.Status.PENDING) {
            return new Decision("info", r.decidedBy().<Text>map(u -> Msg.of("approval.decide.already.by", status(r.status()), u))
                    .orElse(Msg.of("approval.decide.already", status(r.status()))), Optional.empty());
        }
        if (r.isExpiredAt(now)) {
            expire(r, now);
            return new Decision("warning", Msg.of("approval.decide.expired"), card(r.id()));
        }
        if ("approve".equals(action)) {
            ApprovalStore.Vote vote = store.approve(r.id(), operator.user(), now);
            switch (vote.outcome()) {
                case NOT_PENDING -> {
                    return new Decision("info", Msg.of("approval.decide.decided"), Optional.empty());
                }
                case REQUESTER -> {
                    return new Decision("error", Msg.of("approval.decide.own"), Optional.empty());
                }
                case ALREADY_COUNTED -> {
                    return new Decision("info", Msg.of("approval.decide.counted_already", vote.approvals(), vote.required(), more(vote)),
                            Optional.empty());
                }
                case COUNTED -> {
                    log.info("approval {}: {} of {} by {}", r.id(), vote.approvals(), vote.required(), operator.user());
                    return new Decision("success", Msg.of("approval.decide.counted", vote.approvals(), vote.required(), more(vote)),
                            card(r.id()));
                }
                case QUORUM -> { }
            }
            Optional<String> changed = r.isCanary() ? Optional.empty()
                    : deployer.changedSince(PlanCodec.fromJson(r.planJson()).target(), r.runningBefore());
            if (changed.isPresent()) {
                // the stored plan was made for a state that is gone: closed unrun, and the env left as it is
                Msg detail = Msg.of("approval.decide.changed", changed.get());
                store.finish(r.id(), ApprovalRequest.Status.FAILED, StoredText.encode(detail));
                history.cancel(r.releaseId(), detail.toString());
                return new Decision("error", detail, card(r.id()));
            }
            if (deferredToSchedule(r.id())) {
                return new Decision("success", Msg.of("approval.decide.approved.scheduled"), card(r.id()));
            }
            worker.execute(() -> run(r.id(), operator.user()));
            return new Decision("success", Msg.of("approval.decide.approved"), card(r.id()));
        }
        if ("reject".equals(action)) {
            if (!store.transition(r.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.REJECTED, operator.user(), now)) {
                return new Decision("info", Msg.of("approval.decide.decided"), Optional.empty());
            }
            history.cancel(r.releaseId(), StoredText.encode(Msg.of("approval.release.rejected_by", operator.user())));
            return new Decision("info", Msg.of("approval.decide.rejected"), card(r.id()));
        }
        return new Decision("error", Msg.of("approval.decide.unknown"), Optional.empty());
    }

    private static Text where(ApprovalRequest request) {
        return request.larkInstance().<Text>map(i -> Msg.of("approval.where.app", i)).orElse(Msg.of("approval.where.card"));
    }

    private static Text more(ApprovalStore.Vote vote) {
        return QuorumLine.more(vote.required() - vote.approvals());
    }

    /** A request's status as a word of the reader's language. */
    private static Text status(ApprovalRequest.Status status) {
        return Msg.of("approval.status." + status.label());
    }

    /**
     * Whether {@code caller} may approve ({@code approve}) or reject request {@code requestId}, at click time: approve
     * needs an approver (listed, or in a listed Lark group or department) who is not the requester; reject an approver
     * or the requester. A failed directory lookup refuses (fail closed). Empty when allowed.
     */
    public Optional<Text> refusal(String requestId, boolean approve, Caller caller) {
        boolean requester = requester(requestId).map(caller.user()::equals).orElse(false);
        if (approve && requester) {
            return Optional.of(Msg.of("approval.decide.own"));
        }
        if (!approve && requester) {
            return Optional.empty();
        }
        Optional<Text> refused = deployer.gates().approvers().refusalText(caller);
        if (!approve && refused.isPresent() && !com.larkops.release.Approvers.lookupFailed(refused.get())) {
            return Optional.of(Msg.of("approval.reject.who"));
        }
        return refused;
    }

    /** Who asked for request {@code requestId} (empty: no such request), for the rule of who may decide it. */
    public Optional<String> requester(String requestId) {
        return requestId == null || requestId.isBlank() ? Optional.empty() : store.byId(requestId).map(ApprovalRequest::requester);
    }

    private void run(String id, String approver) {
        ApprovalRequest r = store.byId(id).orElseThrow();
        // the approval card becomes the run's live card: steps as they go, then the outcome
        Progress live = r.cardMessageId().map(messenger::liveCard).orElse(Progress.NONE);
        Progress progress = new Progress() {
            public void update(String text) {
                log.info("approval {}: {}", id, text);
            }

            public Optional<String> card(Map<String, Object> card) {
                return live.card(card);
            }

            public Optional<String> messageId() {
                return r.cardMessageId();
            }
        };
        Deployer.Outcome outcome;
        try {
            deployer.gates().require(clickRequest(r, approver));
            outcome = r.isCanary() && r.planJson().isBlank() // stored by an older larkops: no plan, started from the digest
                    ? canaries.start(r.service(), r.digest(), r.canaryPercent(), Caller.lark(r.requester(), r.chat()), progress)
                    : r.isCanary()
                    ? canaries.runApproved(r.service(), new Target(r.service(), r.env(), r.digest(), r.version(), ""), r.canaryPercent(),
                    PlanCodec.fromJson(r.planJson()), r.runningBefore(), Caller.lark(r.requester(), r.chat()), progress)
                    : deployer.runApproved(PlanCodec.fromJson(r.planJson()), r.releaseId(), r.runningBefore(), approver,
                    r.requester(), progress);
        } catch (RefusedException e) {
            // refused before it started (the service is locked): the release never ran
            outcome = new Deployer.Outcome(false, e.text());
            history.cancel(r.releaseId(), e.getMessage());
        } catch (RuntimeException e) {
            outcome = new Deployer.Outcome(false, Text.verbatim(String.valueOf(e.getMessage())));
            settleRelease(r, "failed: " + e.getMessage());
        }
        if (outcome.live() && !r.isCanary()) {
            try {
                String removed = canaries.retire(r.service(), r.env(), r.digest(), Caller.lark(approver, r.chat()));
                if (!removed.equals("none")) {
                    Msg note = Msg.of("approval.canary_removed", Md.escape(removed));
                    outcome = new Deployer.Outcome(true, outcome.message().thenLine(note), outcome.card().map(c -> ApprovalCard.withLine(c, note)));
                }
            } catch (RuntimeException e) {
                outcome = new Deployer.Outcome(true, outcome.message().thenLine(Msg.of("approval.canary_not_removed",
                        String.valueOf(e.getMessage()), r.service().value())), outcome.card());
            }
        }
        store.finish(id, outcome.live() ? ApprovalRequest.Status.DONE : ApprovalRequest.Status.FAILED, StoredText.encode(outcome.message()));
        if (outcome.card().isPresent()) {
            live.card(outcome.card().get());
        } else {
            updateCard(id);
        }
    }

    /**
     * The approved request as a change request again, at click time: the approver (role, not the requester), the
     * stored target, and for a deploy the env state the plan was made against.
     */
    private static ChangeRequest clickRequest(ApprovalRequest r, String approver) {
        Target target = r.isCanary() ? new Target(r.service(), r.env(), r.digest(), r.version(), "")
                : PlanCodec.fromJson(r.planJson()).target();
        ChangeRequest.Kind kind = r.isCanary() ? ChangeRequest.Kind.CANARY
                : PlanCodec.fromJson(r.planJson()).kind() == Release.Kind.ADOPT ? ChangeRequest.Kind.ADOPT : ChangeRequest.Kind.PROMOTE;
        return ChangeRequest.clicked(Caller.lark(approver, r.chat()), kind, target,
                r.planJson().isBlank() ? Optional.empty() : Optional.of(r.runningBefore()), r.requester());
    }

    /** A request that ended without running leaves no release waiting or running on its behalf. */
    private void settleRelease(ApprovalRequest r, String why) {
        history.byId(r.releaseId()).filter(rel -> rel.outcome() == Release.Outcome.AWAITING_APPROVAL
                || rel.outcome() == Release.Outcome.IN_PROGRESS).ifPresent(rel -> history.failed(rel.id(), why));
    }

    /**
     * At start: a request approved but never run (the bot died or was stopped in between) is run now, as
     * approved, if prod still runs what the plan expected (else it is marked failed); one whose run was
     * interrupted takes the outcome the reconciler gave its release. Requests that ended without running
     * leave no release awaiting approval. Returns what to tell each request's chat.
     */
    public List<Notice> settleAtStart() {
        List<Notice> notices = new ArrayList<>();
        for (ApprovalRequest r : store.withStatus(ApprovalRequest.Status.APPROVED)) {
            Optional<Release> release = history.byId(r.releaseId());
            Release.Outcome outcome = release.map(Release::outcome).orElse(Release.Outcome.FAILED);
            Msg what = Msg.of("approval.what.digest", r.service().value(), r.version(), r.digest().shortForm(), r.env());
            if (outcome == Release.Outcome.IN_PROGRESS) {
                continue; // another live bot process runs it now (the reconciler settled every other one)
            }
            if (deferredToSchedule(r.id())) {
                continue; // approved for a scheduled time: the schedule runs it then
            }
            if (outcome == Release.Outcome.AWAITING_APPROVAL || r.isCanary()) {
                worker.execute(() -> {
                    run(r.id(), r.decidedBy().orElse("larkops"));
                    store.byId(r.id()).ifPresent(done -> messenger.send(r.chat(), Reply.ok(Msg.of("approval.ran_at_start", r.id(), what,
                            status(done.status()), done.resultText()))));
                });
                continue;
            }
            boolean live = outcome == Release.Outcome.LIVE || outcome == Release.Outcome.SUPERSEDED;
            Msg result = live ? Msg.of("approval.restart.live", what)
                    : release.map(x -> Msg.of("approval.restart.failed.detail", what, x.detailText())).orElse(Msg.of("approval.restart.failed", what));
            if (!live) {
                settleRelease(r, "interrupted by a bot restart");
            }
            store.finish(r.id(), live ? ApprovalRequest.Status.DONE : ApprovalRequest.Status.FAILED, StoredText.encode(result));
            updateCard(r.id());
            notices.add(new Notice(r.chat(), Msg.of("approval.restart.notice", r.id(), result)));
        }
        for (ApprovalRequest.Status ended : List.of(ApprovalRequest.Status.REJECTED, ApprovalRequest.Status.EXPIRED)) {
            store.withStatus(ended).forEach(r -> history.cancel(r.releaseId(), "approval request " + r.id() + " " + ended.label()));
        }
        store.withStatus(ApprovalRequest.Status.FAILED).forEach(r -> settleRelease(r, "approval request " + r.id() + " failed"));
        return notices;
    }

    /** A message for the chat a request came from. */
    public record Notice(String chat, Text message) {
        /** English (logs, tests, and callers that take a String). */
        public String text() {
            return message.in(Language.DEFAULT);
        }
    }

    /** Closes requests past their expiry and updates their cards; returns how many. */
    public int expireOverdue() {
        Instant now = clock.instant();
        int n = 0;
        for (ApprovalRequest r : store.pendingExpiredAt(now)) {
            if (expire(r, now)) {
                updateCard(r.id());
                n++;
            }
        }
        return n;
    }

    private boolean expire(ApprovalRequest r, Instant now) {
        if (store.transition(r.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.EXPIRED, "larkops", now)) {
            history.cancel(r.releaseId(), StoredText.encode(Msg.of("approval.release.expired", r.id())));
            closeInstance(r);
            return true;
        }
        return false;
    }

    /** A request filed in Lark's Approval app that ended unrun in larkops: its instance there is closed too. */
    private void closeInstance(ApprovalRequest r) {
        if (r.larkInstance().isPresent()) {
            config.prodApprovals().approvalCode().ifPresent(code -> approvalApp.cancel(code, r));
        }
    }

    private void updateCard(String id) {
        store.byId(id).ifPresent(r -> r.cardMessageId().ifPresent(m -> messenger.updateCard(m, view.render(r, clock.instant()))));
    }

    private Optional<Map<String, Object>> card(String id) {
        return store.byId(id).map(r -> view.render(r, clock.instant()));
    }

    private static String mention(String user) {
        return Md.mention(user);
    }

    private static Text approver(com.larkops.model.ApproverRef ref) {
        return switch (ref.kind()) {
            case USER -> Text.verbatim(Md.mention(ref.id()));
            case GROUP -> Msg.of("approval.summary.group", Md.escape(ref.id()));
            case DEPARTMENT -> Msg.of("approval.summary.department", Md.escape(ref.id()));
        };
    }

    private static String newId() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder("apr-");
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
