package com.larkops.approval;

import com.larkops.command.ActionSpec;
import com.larkops.command.Caller;
import com.larkops.command.CardAction;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Policy;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.Approvers;
import com.larkops.release.Directory;
import com.larkops.release.Gatekeeper;
import com.larkops.release.ReleaseHistory;
import com.larkops.release.Target;
import com.larkops.store.ApprovalTable;
import com.larkops.testing.ReleaseRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.larkops.testing.ReleaseRig.NOW;
import static com.larkops.testing.ReleaseRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Approvals#decide} on data: a real request (made by {@link Approvals#request} over the real store and
 * deployer, a fake engine and registry), clicked on by various people from various places. ApprovalIT shows
 * the same through signed Lark callbacks against Docker.
 */
class ApprovalsTest {
    static final String CARD = "om_card";

    @TempDir
    Path dir;
    ReleaseRig rig;
    ApprovalStore store;
    final MovableClock clock = new MovableClock(NOW);
    final List<Runnable> worker = new ArrayList<>();
    final List<String> cardUpdates = new ArrayList<>();
    Approvals approvals;
    Digest v1;
    long releaseId;
    String requestId;

    /** A clock the test moves (the request's expiry). */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The card as data: the state a chat would render. */
    static final ApprovalView VIEW = new ApprovalView() {
        @Override
        public Map<String, Object> render(ApprovalRequest r, Instant now) {
            return Map.of("status", r.status().label(), "decided_by", r.decidedBy().orElse(""));
        }

        @Override
        public com.larkops.i18n.Text title(ApprovalRequest r) {
            return com.larkops.i18n.Text.verbatim("Approve: " + r.service() + " " + r.version() + " to " + r.env() + "?");
        }
    };

    final Messenger messenger = new Messenger() {
        @Override
        public void reply(String messageId, Reply reply) {
        }

        @Override
        public Optional<String> send(String chatId, Reply reply) {
            return Optional.of("om_sent");
        }

        @Override
        public void updateCard(String messageId, Map<String, Object> card) {
            cardUpdates.add(messageId + " " + card.get("status"));
        }
    };

    @BeforeEach
    void setUp() {
        setUp("");
    }

    /** A rig whose config has {@code moreYaml} too, with 1.0.0 known-good in staging and a request for it by ou_dev1. */
    void setUp(String moreYaml) {
        rig = new ReleaseRig(dir.resolve("rig" + System.nanoTime()), moreYaml);
        store = new ApprovalTable(rig.db);
        approvals = approvals(store);
        v1 = rig.push("1.0.0");
        // 1.0.0 soaked in staging: it may be asked for in prod
        Release staging = rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, "1.0.0", v1, rig.image(v1),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", NOW.minusSeconds(7200)), Release.Outcome.IN_PROGRESS);
        rig.releases.live(staging.id(), "echo-staging-r1", NOW.minusSeconds(7200));
        rig.releases.knownGood(staging.id(), NOW.minusSeconds(3600));
        requestId = request("ou_dev1");
        releaseId = store.byId(requestId).orElseThrow().releaseId();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    Approvals approvals(ApprovalStore with) {
        return new Approvals(rig.config, with, rig.deployer, rig.releases, new PromotionGate(rig.releases, rig.registry, clock),
                messenger, worker::add, clock, VIEW);
    }

    /** A click through the router with the approval card's rows of the table: who may click is checked there. */
    ActionSpec.Answer routed(String user, String chat, String action) {
        Policy policy = new Policy(rig.config.chats(), rig.config.deployers(), rig.config.approvers());
        CommandRouter router = new CommandRouter(policy, e -> { }, CommandObserver.NONE, clock);
        ApprovalActions.specs(approvals).forEach(router::registerAction);
        return router.act(new CardAction(action, Map.of("action", action, "request_id", requestId), Caller.lark(user, chat), CARD));
    }

    /** {@code /deploy echo 1.0.0 prod} by {@code requester}: the card is the command's reply, message {@link #CARD}. */
    String request(String requester) {
        Progress replyCard = new Progress() {
            @Override
            public void update(String text) {
            }

            @Override
            public Optional<String> card(Map<String, Object> card) {
                return Optional.of(CARD);
            }
        };
        Target target = rig.deployer.resolve(rig.deployer.service("echo"), Env.PROD, "1.0.0");
        Reply reply = approvals.request(rig.deployer.service("echo"), target, Caller.lark(requester, "oc_ops", "om_cmd"), replyCard);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((apr-[a-z0-9]+)\\)").matcher(reply.text());
        assertThat(m.find()).as(reply.text()).isTrue();
        return m.group(1);
    }

    Approvals.Decision click(String user, String action) {
        return approvals.decide(requestId, action, Caller.lark(user, "oc_ops"), CARD);
    }

    ApprovalRequest.Status status() {
        return store.byId(requestId).orElseThrow().status();
    }

    Release.Outcome release() {
        return rig.releases.byId(releaseId).orElseThrow().outcome();
    }

    @Test
    void anotherApproversApprovalIsRecordedOnceAndRunsTheStoredPlan() {
        Approvals.Decision d = click("ou_lead", "approve");

        assertThat(d.tone()).isEqualTo("success");
        assertThat(d.text()).isEqualTo("approved — deploying");
        assertThat(d.card()).contains(Map.of("status", "approved", "decided_by", "ou_lead"));
        assertThat(status()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(rig.runtime.calls()).as("the run waits for the worker, not the click's answer").isEmpty();
        assertThat(worker).hasSize(1);

        worker.get(0).run();

        assertThat(rig.runtime.runningNames()).containsExactly("echo-prod-r" + releaseId);
        assertThat(rig.fakeRegistry.tagged(REPO, "prod")).contains(v1);
        assertThat(status()).isEqualTo(ApprovalRequest.Status.DONE);
        assertThat(release()).isEqualTo(Release.Outcome.LIVE);
    }

    /** The rig again with {@code approvals.prod}: ou_lead, group g_leads (ou_g1, ou_dev1), department od_sre (ou_d1); 2 needed. */
    void quorumOfTwo(Directory directory) {
        rig.close();
        setUp("""
                approvals:
                  prod:
                    approvers: [ou_lead, "group:g_leads", "department:od_sre"]
                    required: 2
                """);
        rig.deployer.useGates(new Gatekeeper(rig.config, new Policy(rig.config.chats(), rig.config.deployers(), rig.config.approvers()),
                rig.registry, rig.releases, (s, e) -> Optional.empty(), (s, e) -> Optional.empty(), rig.deployer::changedSince, clock,
                new Approvers(rig.config.prodApprovals(), directory)));
    }

    static final Directory LEADS_AND_SRE = ref -> switch (ref.toString()) {
        case "group:g_leads" -> Set.of("ou_g1", "ou_dev1");
        case "department:od_sre" -> Set.of("ou_d1");
        default -> throw new Directory.Unavailable("unknown " + ref);
    };

    @Test
    void aQuorumOfTwoCountsDistinctApproversAndRunsOnceAtTheSecond() {
        quorumOfTwo(LEADS_AND_SRE);

        ActionSpec.Answer first = routed("ou_g1", "oc_ops", "approve");
        assertThat(first.tone()).isEqualTo(ActionSpec.Tone.SUCCESS);
        assertThat(first.text()).isEqualTo("approved (1 of 2) — 1 more approval still needed");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(store.byId(requestId).orElseThrow().approvedBy()).containsExactly("ou_g1");

        ActionSpec.Answer again = routed("ou_g1", "oc_ops", "approve");
        assertThat(again.tone()).isEqualTo(ActionSpec.Tone.INFO);
        assertThat(again.text()).isEqualTo("you approved this already (1 of 2); it needs 1 more approval from another approver");
        ActionSpec.Answer own = routed("ou_dev1", "oc_ops", "approve");
        assertThat(own.text()).as("the requester, though in g_leads").isEqualTo("you requested this; another approver must approve it");
        assertThat(routed("ou_dev2", "oc_ops", "approve").text()).isEqualTo("only approvers (approvals.prod.approvers) may approve");
        assertThat(worker).isEmpty();
        assertThat(store.byId(requestId).orElseThrow().approvedBy()).containsExactly("ou_g1");

        ActionSpec.Answer second = routed("ou_d1", "oc_ops", "approve");
        assertThat(second.text()).isEqualTo("approved — deploying");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(store.byId(requestId).orElseThrow().decidedBy()).contains("ou_d1");
        assertThat(routed("ou_lead", "oc_ops", "approve").text()).startsWith("already approved");
        assertThat(worker).hasSize(1);
        worker.get(0).run();
        assertThat(status()).isEqualTo(ApprovalRequest.Status.DONE);
        assertThat(rig.runtime.runningNames()).containsExactly("echo-prod-r" + releaseId);
    }

    @Test
    void aContactApiFailureRefusesTheClickAndCountsNothing() {
        quorumOfTwo(ref -> {
            throw new Directory.Unavailable("the contact API answered code 99991663 (tenant token invalid)");
        });

        ActionSpec.Answer d = routed("ou_g1", "oc_ops", "approve");

        assertThat(d.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(d.text()).startsWith("cannot check whether you may approve: Lark did not say who is in group:g_leads")
                .contains("99991663").endsWith("nothing was done — try again in a minute");
        assertThat(store.byId(requestId).orElseThrow().approvedBy()).isEmpty();
        ActionSpec.Answer reject = routed("ou_g1", "oc_ops", "reject");
        assertThat(reject.text()).as("nor can a lookup failure reject").startsWith("cannot check whether you may approve");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        // a listed user needs no lookup
        assertThat(routed("ou_lead", "oc_ops", "approve").text()).isEqualTo("approved (1 of 2) — 1 more approval still needed");
    }

    @Test
    void anyAllowedApproverRejectsAQuorumRequest() {
        quorumOfTwo(LEADS_AND_SRE);
        routed("ou_lead", "oc_ops", "approve");

        ActionSpec.Answer d = routed("ou_d1", "oc_ops", "reject");

        assertThat(d.text()).isEqualTo("rejected");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.REJECTED);
        assertThat(release()).isEqualTo(Release.Outcome.CANCELLED);
        assertThat(routed("ou_g1", "oc_ops", "approve").text()).startsWith("already rejected");
        assertThat(worker).isEmpty();
    }

    @Test
    void theRequestsFactsAndAnswersAreStoredAndGivenInEveryLanguage() {
        ApprovalRequest r = store.byId(requestId).orElseThrow();
        assertThat(r.summaryText().in(com.larkops.i18n.Language.EN_US)).contains("**Service** echo").contains("**Requested by** ");
        assertThat(r.summaryText().in(com.larkops.i18n.Language.ZH_CN)).contains("**服务** echo").contains("**发起人** ");
        assertThat(r.summaryText().in(com.larkops.i18n.Language.JA_JP)).contains("**サービス** echo").contains("**申請者** ");
        Approvals.Decision d = click("ou_lead", "approve");
        assertThat(d.message().in(com.larkops.i18n.Language.ZH_CN)).isEqualTo("已批准 — 正在部署");
    }

    @Test
    void anApprovedPlanThatFailsLeavesTheRequestFailedAndProdAsItWas() {
        rig.runtime.crashOnStart(rig.image(v1));
        click("ou_lead", "approve");

        worker.get(0).run();

        assertThat(status()).isEqualTo(ApprovalRequest.Status.FAILED);
        assertThat(store.byId(requestId).orElseThrow().result()).contains("failed in prod and was rolled back")
                .contains("container exited with code 1");
        assertThat(release()).isEqualTo(Release.Outcome.FAILED);
        assertThat(rig.runtime.runningNames()).isEmpty();
        assertThat(rig.fakeRegistry.tagged(REPO, "prod")).isEmpty();
    }

    @Test
    void theMinuteSweepClosesOverdueRequestsAndUpdatesTheirCards() {
        clock.now = NOW.plus(Duration.ofMinutes(9));
        assertThat(approvals.expireOverdue()).isZero();
        clock.now = NOW.plus(Duration.ofMinutes(10));

        assertThat(approvals.expireOverdue()).isEqualTo(1);

        assertThat(status()).isEqualTo(ApprovalRequest.Status.EXPIRED);
        assertThat(release()).isEqualTo(Release.Outcome.CANCELLED);
        assertThat(cardUpdates).containsExactly(CARD + " expired");
        assertThat(approvals.expireOverdue()).isZero();
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequestEvenAsAnApprover() {
        rig.releases.cancel(releaseId, "replaced by the lead's own request");
        store.transition(requestId, ApprovalRequest.Status.PENDING, ApprovalRequest.Status.REJECTED, "ou_dev1", NOW);
        requestId = request("ou_lead");

        ActionSpec.Answer d = routed("ou_lead", "oc_ops", "approve");

        assertThat(d.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(d.text()).isEqualTo("you requested this; another approver must approve it");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(worker).isEmpty();
        assertThat(click("ou_lead2", "approve").tone()).isEqualTo("success");
    }

    @Test
    void aDeployerWhoIsNoApproverCannotApprove() {
        ActionSpec.Answer d = routed("ou_dev2", "oc_ops", "approve");

        assertThat(d.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(d.text()).isEqualTo("only approvers (roles.approvers) may approve");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(worker).isEmpty();
    }

    @Test
    void aClickFromAChatLarkopsDoesNotObeyCountsForNothing() {
        ActionSpec.Answer d = routed("ou_lead", "oc_elsewhere", "approve");

        assertThat(d.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(d.text()).isEqualTo("this chat is not one larkops obeys");
        assertThat(d.card()).isEmpty();
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(worker).isEmpty();
    }

    @Test
    void theButtonsValueOnAnyOtherMessageCountsForNothing() {
        Caller lead = Caller.lark("ou_lead", "oc_ops");
        for (Approvals.Decision d : List.of(approvals.decide(requestId, "approve", lead, "om_skill_card"),
                approvals.decide(requestId, "approve", lead, null), approvals.decide("apr-unknown", "approve", lead, CARD),
                approvals.decide(null, "approve", lead, CARD))) {
            assertThat(d.tone()).isEqualTo("error");
            assertThat(d.text()).isEqualTo("not an approval card of larkops; decide on the request's own card");
        }
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(worker).isEmpty();
    }

    @Test
    void aSecondClickAfterTheDecisionChangesNothing() {
        click("ou_lead", "approve");

        Approvals.Decision again = click("ou_lead2", "approve");
        Approvals.Decision reject = click("ou_lead2", "reject");

        assertThat(again.tone()).isEqualTo("info");
        assertThat(again.text()).isEqualTo("already approved by ou_lead");
        assertThat(reject.text()).isEqualTo("already approved by ou_lead");
        assertThat(worker).hasSize(1);
        assertThat(store.byId(requestId).orElseThrow().decidedBy()).contains("ou_lead");
    }

    @Test
    void twoClicksThatBothSawThePendingRequestDecideOnceThroughTheCompareAndSet() {
        // the second click read the row before the first one's decision was written (two callbacks at once)
        ApprovalRequest pending = store.byId(requestId).orElseThrow();
        Approvals racing = approvals(new StaleReads(store, pending));
        click("ou_lead", "approve");

        Approvals.Decision second = racing.decide(requestId, "approve", Caller.lark("ou_lead2", "oc_ops"), CARD);

        assertThat(second.tone()).isEqualTo("info");
        assertThat(second.text()).isEqualTo("already decided");
        assertThat(worker).as("one run, not two").hasSize(1);
        assertThat(store.byId(requestId).orElseThrow().decidedBy()).contains("ou_lead");
    }

    @Test
    void anExpiredRequestIsClosedNotApproved() {
        clock.now = NOW.plus(Duration.ofMinutes(10));

        Approvals.Decision d = click("ou_lead", "approve");

        assertThat(d.tone()).isEqualTo("warning");
        assertThat(d.text()).isEqualTo("this request expired; ask again");
        assertThat(d.card()).contains(Map.of("status", "expired", "decided_by", "larkops"));
        assertThat(status()).isEqualTo(ApprovalRequest.Status.EXPIRED);
        assertThat(release()).isEqualTo(Release.Outcome.CANCELLED);
        assertThat(worker).isEmpty();
    }

    @Test
    void justBeforeItsExpiryARequestCanStillBeApproved() {
        clock.now = NOW.plus(Duration.ofMinutes(10)).minusMillis(1);

        assertThat(click("ou_lead", "approve").tone()).isEqualTo("success");
    }

    @Test
    void anApproverOrTheRequesterMayRejectAndTheReleaseIsCancelled() {
        ActionSpec.Answer stranger = routed("ou_dev2", "oc_ops", "reject");
        assertThat(stranger.tone()).isEqualTo(ActionSpec.Tone.ERROR);
        assertThat(stranger.text()).isEqualTo("only approvers or the requester may reject");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);

        ActionSpec.Answer own = routed("ou_dev1", "oc_ops", "reject");

        assertThat(own.tone()).isEqualTo(ActionSpec.Tone.INFO);
        assertThat(own.text()).isEqualTo("rejected");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.REJECTED);
        assertThat(release()).isEqualTo(Release.Outcome.CANCELLED);
        assertThat(click("ou_lead", "approve").text()).isEqualTo("already rejected by ou_dev1");
        assertThat(worker).isEmpty();
        assertThat(rig.runtime.calls()).isEmpty();
    }

    @Test
    void anApproveLandingBetweenAScheduleClicksTwoWritesRunsNowUnlessTheRequestWasMarked() {
        // a Schedule click stored its schedule but has not marked the request yet: the Approve runs it now
        approvals.useSchedules(id -> true);
        Approvals.Decision now = click("ou_lead", "approve");
        assertThat(now.text()).isEqualTo("approved — deploying");
        assertThat(worker).hasSize(1);

        // the same with the request marked (its summary got the time while pending): the schedule runs it
        rig.close();
        setUp();
        approvals.useSchedules(id -> true);
        ApprovalRequest pending = store.byId(requestId).orElseThrow();
        assertThat(store.resummarise(requestId, com.larkops.i18n.StoredText.encode(pending.summaryText()
                .thenLine(com.larkops.i18n.Msg.of("approval.summary.scheduled", "2026-12-08 10:00 UTC"))))).isTrue();
        worker.clear();
        Approvals.Decision later = click("ou_lead", "approve");
        assertThat(later.text()).isEqualTo("approved — it runs at its scheduled time, every gate checked again then");
        assertThat(worker).isEmpty();
        assertThat(status()).isEqualTo(ApprovalRequest.Status.APPROVED);
    }

    @Test
    void anUnknownActionDecidesNothing() {
        Approvals.Decision d = click("ou_lead", "approve-all");

        assertThat(d.tone()).isEqualTo("error");
        assertThat(d.text()).isEqualTo("unknown action");
        assertThat(status()).isEqualTo(ApprovalRequest.Status.PENDING);
    }

    /** The store as a second click saw it: reads return the snapshot taken before the first decision; writes go through. */
    record StaleReads(ApprovalStore store, ApprovalRequest snapshot) implements ApprovalStore {
        public void create(ApprovalRequest request) {
            store.create(request);
        }

        public Optional<ApprovalRequest> byId(String id) {
            return id.equals(snapshot.id()) ? Optional.of(snapshot) : store.byId(id);
        }

        public Optional<ApprovalRequest> byLarkInstance(String instanceCode) {
            return store.byLarkInstance(instanceCode);
        }

        public Optional<ApprovalRequest> pendingFor(ServiceName service, Env env) {
            return store.pendingFor(service, env);
        }

        public boolean transition(String id, ApprovalRequest.Status from, ApprovalRequest.Status to, String by, Instant at) {
            return store.transition(id, from, to, by, at);
        }

        public Vote approve(String id, String user, Instant at) {
            return store.approve(id, user, at);
        }

        public void cardMessage(String id, String messageId) {
            store.cardMessage(id, messageId);
        }

        public boolean resummarise(String id, String summary) {
            return store.resummarise(id, summary);
        }

        public void finish(String id, ApprovalRequest.Status status, String result) {
            store.finish(id, status, result);
        }

        public List<ApprovalRequest> pendingExpiredAt(Instant now) {
            return store.pendingExpiredAt(now);
        }

        public List<ApprovalRequest> withStatus(ApprovalRequest.Status status) {
            return store.withStatus(status);
        }

        public Set<Digest> pendingDigests() {
            return store.pendingDigests();
        }
    }
}
