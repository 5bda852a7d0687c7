package com.larkops.approval;

import com.larkops.command.Caller;
import com.larkops.command.Messenger;
import com.larkops.command.Policy;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.DurationText;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.lark.cards.Md;
import com.larkops.release.Deployer;
import com.larkops.release.PlanCodec;
import com.larkops.release.ReleaseHistory;
import com.larkops.release.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Policy policy;
    private final Executor worker;
    private final Clock clock;

    public Approvals(LarkopsConfig config, ApprovalStore store, Deployer deployer, ReleaseHistory history, PromotionGate gate,
                     Messenger messenger, Policy policy, Executor worker, Clock clock) {
        this.config = config;
        this.store = store;
        this.deployer = deployer;
        this.history = history;
        this.gate = gate;
        this.messenger = messenger;
        this.policy = policy;
        this.worker = worker;
        this.clock = clock;
    }

    /** What a card click answers: a toast, and the card as it should now look (when it changed). */
    public record Decision(String toastType, String toast, Optional<Map<String, Object>> card) {
    }

    public Reply request(ServiceConfig service, Target target, Caller caller, com.larkops.command.Progress progress) {
        Instant healthySince = gate.check(service, target.digest(), target.version());
        store.pendingFor(service.name(), target.env()).ifPresent(p -> {
            throw new RefusedException("a request for " + service.name() + " " + target.env() + " is already pending (" + p.id()
                    + ", " + p.version() + " by " + p.requester() + "); decide it on its card first");
        });
        String chat = caller.fromShell() ? config.chats().stream().findFirst().orElse("") : caller.chat();
        if (chat.isBlank()) {
            throw new RefusedException("no chat to post the approval card to: list one under 'chats' in larkops.yaml");
        }
        Deployer.Prepared prepared = deployer.prepare(target, Release.Kind.DEPLOY, caller);
        Instant now = clock.instant();
        String prodNow = prepared.current().map(c -> c.label(Labels.VERSION) + " (" + c.label(Labels.DIGEST) + ")").orElse("nothing");
        String summary = "**Service** " + Md.escape(service.name()) + "\n**Version** " + Md.escape(target.version())
                + "\n**Digest** `" + target.digest().value() + "`"
                + "\n**Healthy in staging for** " + DurationText.human(Duration.between(healthySince, now).withNanos(0))
                + "\n**" + target.env() + " runs now** " + Md.escape(prodNow)
                + "\n**Requested by** " + mention(caller.user())
                + "\n**May approve** " + String.join(", ", config.approvers().stream().filter(a -> !a.equals(caller.user()))
                .map(Approvals::mention).toList());
        ApprovalRequest request = new ApprovalRequest(newId(), service.name(), target.env(), prepared.release().id(), target.digest(),
                target.version(), PlanCodec.toJson(prepared.plan()), prepared.runningBefore(), summary, caller.user(), chat,
                now, now.plus(config.approvalTtl()), ApprovalRequest.Status.PENDING, Optional.empty(), Optional.empty(),
                Optional.empty(), "");
        store.create(request);
        Map<String, Object> card = ApprovalCards.render(request, now);
        // in chat the card is the command's one reply (then updated through the approved run); from the shell it is posted to the chat
        Optional<String> messageId = caller.fromShell() || caller.messageId().isBlank()
                ? messenger.send(chat, Reply.card(ApprovalCards.title(request), card))
                : progress.card(card);
        if (messageId.isEmpty()) {
            store.transition(request.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.EXPIRED, "larkops", now);
            history.cancel(request.releaseId(), "approval card could not be posted");
            throw new RefusedException("the approval card could not be posted to Lark; " + target.env() + " was not changed");
        }
        store.cardMessage(request.id(), messageId.get());
        return Reply.ok("approval requested (" + request.id() + "): " + service.name() + " " + target.version() + " ("
                + target.digest().shortForm() + ") to " + target.env() + "; an approver must click Approve on the card");
    }

    public Decision decide(String requestId, String action, Caller operator) {
        Optional<ApprovalRequest> found = requestId == null ? Optional.empty() : store.byId(requestId);
        if (found.isEmpty()) {
            return new Decision("error", "unknown approval request", Optional.empty());
        }
        ApprovalRequest r = found.get();
        Instant now = clock.instant();
        if (r.status() != ApprovalRequest.Status.PENDING) {
            return new Decision("info", "already " + r.status().label() + r.decidedBy().map(u -> " by " + u).orElse(""), Optional.empty());
        }
        if (r.isExpiredAt(now)) {
            expire(r, now);
            return new Decision("warning", "this request expired; ask again", card(r.id()));
        }
        if (!policy.chatAllowed(operator)) {
            return new Decision("error", "this chat is not one larkops obeys", Optional.empty());
        }
        if ("approve".equals(action)) {
            if (operator.user().equals(r.requester())) {
                return new Decision("error", "you requested this; another approver must approve it", Optional.empty());
            }
            if (!policy.isApprover(operator)) {
                return new Decision("error", "only approvers (roles.approvers) may approve", Optional.empty());
            }
            if (!store.transition(r.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.APPROVED, operator.user(), now)) {
                return new Decision("info", "already decided", Optional.empty());
            }
            worker.execute(() -> run(r.id(), operator.user()));
            return new Decision("success", "approved — deploying", card(r.id()));
        }
        if ("reject".equals(action)) {
            if (!policy.isApprover(operator) && !operator.user().equals(r.requester())) {
                return new Decision("error", "only approvers or the requester may reject", Optional.empty());
            }
            if (!store.transition(r.id(), ApprovalRequest.Status.PENDING, ApprovalRequest.Status.REJECTED, operator.user(), now)) {
                return new Decision("info", "already decided", Optional.empty());
            }
            history.cancel(r.releaseId(), "rejected by " + operator.user());
            return new Decision("info", "rejected", card(r.id()));
        }
        return new Decision("error", "unknown action", Optional.empty());
    }

    private void run(String id, String approver) {
        ApprovalRequest r = store.byId(id).orElseThrow();
        // the approval card becomes the run's live card: steps as they go, then the outcome
        com.larkops.command.Progress live = r.cardMessageId().map(messenger::liveCard).orElse(com.larkops.command.Progress.NONE);
        com.larkops.command.Progress progress = new com.larkops.command.Progress() {
            public void update(String text) {
                log.info("approval {}: {}", id, text);
            }

            public Optional<String> card(Map<String, Object> card) {
                return live.card(card);
            }
        };
        Deployer.Outcome outcome;
        try {
            outcome = deployer.runApproved(PlanCodec.fromJson(r.planJson()), r.releaseId(), r.runningBefore(), approver,
                    r.requester(), progress);
        } catch (RuntimeException e) {
            outcome = new Deployer.Outcome(false, e.getMessage());
        }
        store.finish(id, outcome.live() ? ApprovalRequest.Status.DONE : ApprovalRequest.Status.FAILED, outcome.text());
        if (outcome.card().isPresent()) {
            live.card(outcome.card().get());
        } else {
            updateCard(id);
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
            history.cancel(r.releaseId(), "approval request " + r.id() + " expired");
            return true;
        }
        return false;
    }

    private void updateCard(String id) {
        store.byId(id).ifPresent(r -> r.cardMessageId().ifPresent(m -> messenger.updateCard(m, ApprovalCards.render(r))));
    }

    private Optional<Map<String, Object>> card(String id) {
        return store.byId(id).map(ApprovalCards::render);
    }

    private static String mention(String user) {
        return Md.mention(user);
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
