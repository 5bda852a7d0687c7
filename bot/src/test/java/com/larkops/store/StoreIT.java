package com.larkops.store;

import com.larkops.approval.ApprovalRequest;
import com.larkops.command.AuditEntry;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.pipeline.Freeze;
import com.larkops.pipeline.Hold;
import com.larkops.pipeline.Push;
import com.larkops.pipeline.PushJournal;
import com.larkops.release.Locks;
import com.larkops.release.ReleaseHistory.NewRelease;
import com.larkops.retention.PrunePlan;
import com.larkops.skill.FlagRule;
import com.larkops.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's contract, run against both stores: the SQLite file (default) and a real PostgreSQL (Debian's
 * package, started by {@link TestPostgres}). "Two processes" are two {@link Database}s on the same store,
 * each with its own connection, racing from their own threads.
 */
@org.junit.jupiter.api.Tag("smoke") // also run by the fresh-machine check (README)
class StoreIT {
    record Backend(String name, Supplier<Database> opener) {
        Database open() {
            return opener.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Backend> backends() throws IOException {
        Path dir = Files.createTempDirectory("larkops-store");
        var url = TestPostgres.get().newDatabaseUrl();
        return Stream.of(new Backend("sqlite", () -> Database.open(dir)), new Backend("postgresql", () -> Database.open(url)));
    }

    private static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void replicasStartingTogetherMigrateOnceAndReopenCleanly(Backend backend) throws Exception {
        List<Database> opened = race(4, backend::open);
        try {
            new AuditLog(opened.get(0)).record(new AuditEntry(T0, "ou_a", "oc_ops", "/help", "ok", ""));
            assertThat(new AuditLog(opened.get(3)).recent(5)).extracting(AuditEntry::command).containsExactly("/help");
        } finally {
            opened.forEach(Database::close);
        }
        try (Database again = backend.open()) {
            again.ping();
            assertThat(new AuditLog(again).recent(5)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void releaseHistoryKeepsOneLiveReleaseAndTheKnownGoodDigests(Backend backend) {
        try (Database db = backend.open()) {
            ReleaseStore store = new ReleaseStore(db, java.time.Clock.systemUTC());
            Release first = store.begin(release("1.0.0", D1, T0), Release.Outcome.IN_PROGRESS);
            assertThat(store.inProgress()).extracting(Release::id).containsExactly(first.id());
            store.live(first.id(), "c1", T0.plusSeconds(5));
            store.knownGood(first.id(), T0.plusSeconds(65));
            store.knownGood(first.id(), T0.plusSeconds(999));
            Release second = store.begin(release("1.1.0", D2, T0.plusSeconds(100)), Release.Outcome.IN_PROGRESS);
            store.live(second.id(), "c2", T0.plusSeconds(105));
            Release third = store.begin(release("1.0.0", D1, T0.plusSeconds(200)), Release.Outcome.AWAITING_APPROVAL);
            store.cancel(third.id(), "expired");
            store.failed(store.begin(release("1.2.0", D2, T0.plusSeconds(300)), Release.Outcome.IN_PROGRESS).id(), "x".repeat(5000));

            assertThat(store.live(new ServiceName("echo"), Env.STAGING)).map(Release::id).contains(second.id());
            assertThat(store.byId(first.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.SUPERSEDED);
            assertThat(store.byId(first.id()).orElseThrow().knownGoodAt()).contains(T0.plusSeconds(65));
            assertThat(store.byId(third.id()).orElseThrow().outcome()).isEqualTo(Release.Outcome.CANCELLED);
            assertThat(store.history(new ServiceName("echo"), Env.STAGING, 10)).hasSize(4).first().extracting(Release::outcome)
                    .isEqualTo(Release.Outcome.FAILED);
            assertThat(store.history(new ServiceName("echo"), Env.STAGING, 10).get(0).detail()).hasSize(4000);
            assertThat(store.history(new ServiceName("echo"), null, 2)).hasSize(2);
            assertThat(store.history(new ServiceName("echo"), Env.PROD, 10)).isEmpty();
            assertThat(store.knownGood(new ServiceName("echo"), Env.STAGING, 5)).extracting(Release::digest).containsExactly(D1);
            assertThat(store.all()).hasSize(4);
            assertThat(store.inProgress()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anEventIdIsFirstSeenOnceAcrossThreadsRestartsAndSharingReplicas(Backend backend) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Database a = backend.open(); Database b = backend.open()) {
            ProcessedEvents pa = new ProcessedEvents(a, clock);
            ProcessedEvents pb = new ProcessedEvents(b, clock);
            int ids = 40;
            List<Boolean> results = race(2 * ids, i -> (i % 2 == 0 ? pa : pb).firstSeen("ev_" + (i / 2)));
            assertThat(results.stream().filter(Boolean::booleanValue).count()).isEqualTo(ids);
            assertThat(pa.firstSeen("ev_0")).isFalse();
            assertThat(pb.firstSeen("ev_new")).isTrue();
            ProcessedEvents restarted = new ProcessedEvents(b, clock);
            assertThat(restarted.firstSeen("ev_0")).as("remembered across a restart").isFalse();
            assertThat(restarted.firstSeen("ev_new")).isFalse();
            clock.now = T0.plus(ProcessedEvents.RETENTION).plusSeconds(1);
            assertThat(new ProcessedEvents(b, clock).purgeExpired()).isEqualTo(ids + 1);
            assertThat(new ProcessedEvents(a, clock).firstSeen("ev_0")).as("forgotten after the retention").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRegistryPushIsAcceptedOnceAcrossReplicasAndWhatWasNotDoneIsReplayedInArrivalOrder(Backend backend) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Database a = backend.open(); Database b = backend.open()) {
            AcceptedPushes ja = new AcceptedPushes(a, clock);
            AcceptedPushes jb = new AcceptedPushes(b, clock);
            int ids = 20;
            List<Boolean> results = race(2 * ids, i -> (i % 2 == 0 ? ja : jb).accept("registry:ev_" + (i / 2),
                    new Push("skills/echo", "1.0." + (i / 2), D1, "registry"), T0.plusMillis(i / 2)));
            assertThat(results.stream().filter(Boolean::booleanValue).count()).as("one winner per event id").isEqualTo(ids);
            assertThat(new ProcessedEvents(a, clock).firstSeen("registry:ev_3")).as("the same dedup as every event").isFalse();
            assertThat(jb.unfinished()).hasSize(ids);

            ja.done("registry:ev_0");
            jb.done("registry:ev_5");
            List<PushJournal.Accepted> left = new AcceptedPushes(b, clock).unfinished();
            assertThat(left).hasSize(ids - 2).extracting(PushJournal.Accepted::eventId).doesNotContain("registry:ev_0", "registry:ev_5");
            assertThat(left.get(0).push()).isEqualTo(new Push("skills/echo", left.get(0).push().tag(), D1, "replay"));
            // arrival order is the order the store accepted them in (ids race, so compare with the store's own order)
            assertThat(left).extracting(PushJournal.Accepted::eventId).isEqualTo(new AcceptedPushes(a, clock).unfinished().stream()
                    .map(PushJournal.Accepted::eventId).toList());
            assertThat(ja.accept("registry:ev_0", new Push("skills/echo", "1.0.0", D1, "registry"), T0)).as("done, still a duplicate").isFalse();

            clock.now = T0.plus(ProcessedEvents.RETENTION).plusSeconds(1);
            left.forEach(p -> ja.done(p.eventId()));
            clock.now = clock.now.plus(ProcessedEvents.RETENTION).plusSeconds(1);
            assertThat(jb.unfinished()).isEmpty();
            assertThat(a.query("count pushes", "SELECT count(*) FROM accepted_pushes", ps -> { }, rs -> rs.getLong(1)))
                    .as("done rows purged after the dedup retention").containsExactly(0L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aDigestWaitingForItsSignatureIsRememberedUntilSettled(Backend backend) {
        try (Database db = backend.open()) {
            GuardTable guards = new GuardTable(db, Clock.systemUTC());
            guards.awaitSignature("skills/echo", D1, "1.0.1", T0);
            guards.awaitSignature("skills/echo", D2, "1.0.2", T0.plusSeconds(1));
            guards.awaitSignature("skills/echo", D1, "1.0.1_git.abcdef1", T0.plusSeconds(2));
            guards.awaitSignature("skills/other", D1, "9.0.0", T0);
            assertThat(guards.awaitingSignature("skills/echo")).containsExactly(java.util.Map.entry(D2, "1.0.2"),
                    java.util.Map.entry(D1, "1.0.1_git.abcdef1"));
            assertThat(guards.stopAwaitingSignature("skills/echo", D2)).isTrue();
            assertThat(guards.stopAwaitingSignature("skills/echo", D2)).as("only one caller ends a wait").isFalse();
            assertThat(guards.awaitingSignature("skills/echo")).containsOnlyKeys(D1);
            assertThat(guards.awaitingSignature("skills/other")).containsOnlyKeys(D1);

            assertThat(guards.firstPush("skills/echo", D1, "1.0.1", T0)).isTrue();
            assertThat(guards.firstPush("skills/echo", D2, "1.0.2", T0.plusSeconds(1))).isTrue();
            assertThat(guards.firstPush("skills/echo", D2, "1.0.2_git.abcdef1", T0.plusSeconds(2))).isFalse();
            assertThat(guards.pushedTags("skills/echo", 10)).containsExactly(java.util.Map.entry(D2, "1.0.2"), java.util.Map.entry(D1, "1.0.1"));
            assertThat(guards.pushedTags("skills/echo", 1)).containsOnlyKeys(D2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aLockIsTakenByExactlyOneOfTwoProcessesAndTakenOverOnlyWhenStale(Backend backend) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Database a = backend.open(); Database b = backend.open(); DbLocks la = new DbLocks(a, clock); DbLocks lb = new DbLocks(b, clock)) {
            for (int round = 0; round < 5; round++) {
                String name = "echo/prod#" + round;
                List<Optional<Locks.Holder>> got = race(8, i -> (i % 2 == 0 ? la : lb).tryAcquire(name, "holder-" + i));
                assertThat(got.stream().filter(Optional::isEmpty).count()).as("winners of " + name).isEqualTo(1);
                String winner = "holder-" + got.indexOf(Optional.<Locks.Holder>empty());
                assertThat(got.stream().flatMap(Optional::stream).map(Locks.Holder::holder)).containsOnly(winner);
                DbLocks owner = got.indexOf(Optional.<Locks.Holder>empty()) % 2 == 0 ? la : lb;
                DbLocks other = owner == la ? lb : la;
                assertThat(other.heldByAnother(name)).isTrue();
                assertThat(owner.heldByAnother(name)).isFalse();
                owner.release(name);
                assertThat(other.tryAcquire(name, "after-release")).isEmpty();
                other.release(name);
            }

            // a replica on another host: its heartbeat age is measured on the database's clock
            String now = a.nowMillisSql();
            a.update("plant a live lock", "INSERT INTO locks(name, holder, owner, process, since_ms, heartbeat_ms) "
                    + "VALUES ('echo/staging', 'ou_far', 'far-owner', '4242@replica-elsewhere', 0, " + now + ")", ps -> { });
            assertThat(lb.tryAcquire("echo/staging", "ou_b")).map(Locks.Holder::holder).contains("ou_far");
            assertThat(la.heldByAnother("echo/staging")).isTrue();
            assertThat(la.held()).containsOnlyKeys("echo/staging");
            a.update("age its heartbeat", "UPDATE locks SET heartbeat_ms = " + now + " - ? WHERE name='echo/staging'",
                    ps -> ps.setLong(1, DbLocks.STALE.toMillis() + 1000));
            assertThat(lb.tryAcquire("echo/staging", "ou_b")).as("no heartbeat for longer than STALE").isEmpty();
            assertThat(la.tryAcquire("echo/staging", "ou_a")).map(Locks.Holder::holder).contains("ou_b");
            la.release("echo/staging");
            assertThat(la.tryAcquire("echo/staging", "ou_a")).as("a release by a non-owner frees nothing")
                    .map(Locks.Holder::holder).contains("ou_b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anApprovalIsDecidedOnceWhenTwoProcessesClickAtOnce(Backend backend) throws Exception {
        try (Database a = backend.open(); Database b = backend.open()) {
            ApprovalTable ta = new ApprovalTable(a);
            ApprovalTable tb = new ApprovalTable(b);
            for (int round = 0; round < 5; round++) {
                String id = "apr-" + round;
                ta.create(request(id));
                assertThat(tb.byId(id)).map(ApprovalRequest::status).contains(ApprovalRequest.Status.PENDING);
                List<Boolean> won = race(6, i -> (i % 2 == 0 ? ta : tb).transition(id, ApprovalRequest.Status.PENDING,
                        i % 3 == 0 ? ApprovalRequest.Status.REJECTED : ApprovalRequest.Status.APPROVED, "ou_lead" + i, T0.plusSeconds(i)));
                assertThat(won.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
                int winner = won.indexOf(Boolean.TRUE);
                ApprovalRequest decided = ta.byId(id).orElseThrow();
                assertThat(decided.decidedBy()).contains("ou_lead" + winner);
                assertThat(decided.status()).isEqualTo(winner % 3 == 0 ? ApprovalRequest.Status.REJECTED : ApprovalRequest.Status.APPROVED);
                assertThat(decided.decidedAt()).contains(T0.plusSeconds(winner));
            }
            ta.create(request("apr-pending"));
            tb.cardMessage("apr-pending", "om_card");
            assertThat(ta.pendingFor(new ServiceName("echo"), Env.PROD)).map(ApprovalRequest::cardMessageId).contains(Optional.of("om_card"));
            assertThat(tb.pendingExpiredAt(T0.plusSeconds(3599))).isEmpty();
            assertThat(tb.pendingExpiredAt(T0.plusSeconds(3600))).extracting(ApprovalRequest::id).contains("apr-pending");
            assertThat(ta.pendingDigests()).containsExactly(D2);
            assertThat(ta.transition("apr-pending", ApprovalRequest.Status.PENDING, ApprovalRequest.Status.APPROVED, "ou_lead", T0)).isTrue();
            tb.finish("apr-pending", ApprovalRequest.Status.DONE, "live");
            assertThat(ta.byId("apr-pending")).map(ApprovalRequest::status).contains(ApprovalRequest.Status.DONE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aQuorumCountsEachApproverOnceAndIsReachedByExactlyOneClickAcrossProcesses(Backend backend) throws Exception {
        try (Database a = backend.open(); Database b = backend.open()) {
            ApprovalTable ta = new ApprovalTable(a);
            ApprovalTable tb = new ApprovalTable(b);
            for (int round = 0; round < 4; round++) {
                String id = "apr-q" + round;
                ta.create(quorumRequest(id, 2));
                // six clicks at once from two processes: the requester twice, ou_x twice (a double click), ou_y and ou_z
                List<String> who = List.of("ou_dev1", "ou_x", "ou_x", "ou_y", "ou_z", "ou_dev1");
                List<ApprovalTable.Vote> votes = race(6, i -> (i % 2 == 0 ? ta : tb).approve(id, who.get(i), T0.plusSeconds(i)));
                assertThat(votes.stream().filter(v -> v.outcome() == ApprovalTable.VoteOutcome.QUORUM)).as("approved once").hasSize(1);
                // the requester's clicks never count (before the quorum: refused as the requester's; after: too late)
                assertThat(votes.get(0).outcome()).isIn(ApprovalTable.VoteOutcome.REQUESTER, ApprovalTable.VoteOutcome.NOT_PENDING);
                assertThat(votes.get(5).outcome()).isIn(ApprovalTable.VoteOutcome.REQUESTER, ApprovalTable.VoteOutcome.NOT_PENDING);
                ApprovalRequest decided = tb.byId(id).orElseThrow();
                assertThat(decided.status()).isEqualTo(ApprovalRequest.Status.APPROVED);
                assertThat(decided.required()).isEqualTo(2);
                assertThat(decided.approvedBy()).doesNotContain("ou_dev1").doesNotHaveDuplicates().hasSize(2)
                        .contains(decided.decidedBy().orElseThrow());
            }
            ta.create(quorumRequest("apr-q-slow", 3));
            assertThat(ta.approve("apr-q-slow", "ou_x", T0).outcome()).isEqualTo(ApprovalTable.VoteOutcome.COUNTED);
            assertThat(tb.approve("apr-q-slow", "ou_x", T0.plusSeconds(1))).isEqualTo(new ApprovalTable.Vote(ApprovalTable.VoteOutcome.ALREADY_COUNTED, 1, 3));
            assertThat(tb.approve("apr-q-slow", "ou_y", T0.plusSeconds(2))).isEqualTo(new ApprovalTable.Vote(ApprovalTable.VoteOutcome.COUNTED, 2, 3));
            assertThat(ta.byId("apr-q-slow").orElseThrow().approvedBy()).containsExactly("ou_x", "ou_y");
            assertThat(ta.transition("apr-q-slow", ApprovalRequest.Status.PENDING, ApprovalRequest.Status.REJECTED, "ou_z", T0)).isTrue();
            assertThat(tb.approve("apr-q-slow", "ou_z", T0.plusSeconds(3)).outcome()).isEqualTo(ApprovalTable.VoteOutcome.NOT_PENDING);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aScheduleRunsOrIsCancelledOnceAcrossTwoProcesses(Backend backend) throws Exception {
        try (Database a = backend.open(); Database b = backend.open()) {
            ScheduleTable ta = new ScheduleTable(a);
            ScheduleTable tb = new ScheduleTable(b);
            var target = new com.larkops.release.Target("echo", Env.PROD, D1, "1.4.2", "reg/echo@" + D1.value());
            for (int round = 0; round < 5; round++) {
                String id = "sch-" + round;
                ta.create(new com.larkops.schedule.Schedule(id, target, T0.plusSeconds(3600 + round), "ou_dev1", "oc_ops", Optional.empty(),
                        Optional.empty(), com.larkops.schedule.Schedule.Status.PENDING, "", T0));
                List<Boolean> won = race(6, i -> (i % 2 == 0 ? ta : tb).transition(id, com.larkops.schedule.Schedule.Status.PENDING,
                        i % 3 == 0 ? com.larkops.schedule.Schedule.Status.CANCELLED : com.larkops.schedule.Schedule.Status.RUNNING, "by " + i));
                assertThat(won.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
            }
            ta.create(new com.larkops.schedule.Schedule("sch-p", target, T0.plusSeconds(60), "ou_dev1", "oc_ops", Optional.empty(),
                    Optional.empty(), com.larkops.schedule.Schedule.Status.PENDING, "", T0));
            tb.cardMessage("sch-p", "om_card");
            tb.approval("sch-p", "apr-1");
            var stored = ta.byId("sch-p").orElseThrow();
            assertThat(stored.cardMessageId()).contains("om_card");
            assertThat(stored.target()).isEqualTo(target);
            assertThat(stored.dueAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(ta.pendingByApproval("apr-1")).map(com.larkops.schedule.Schedule::id).contains("sch-p");
            assertThat(tb.withStatus(com.larkops.schedule.Schedule.Status.PENDING)).extracting(com.larkops.schedule.Schedule::id)
                    .containsExactly("sch-p");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void flagsAndPrunePlansRoundTrip(Backend backend) {
        try (Database db = backend.open()) {
            FlagStore flags = new FlagStore(db);
            flags.set("new-ui", FlagRule.parse("10%"), "ou_a", T0);
            flags.set("new-ui", FlagRule.parse("50%"), "ou_b", T0.plusSeconds(1));
            assertThat(flags.all()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo(FlagRule.parse("50%"));
                assertThat(f.updatedBy()).isEqualTo("ou_b");
            });
            PrunePlans plans = new PrunePlans(db);
            for (int i = 0; i < 7; i++) {
                plans.save(new PrunePlan("echo", T0.plusSeconds(i), List.of(), List.of()));
            }
            assertThat(plans.latest("echo", T0)).map(PrunePlan::madeAt).contains(T0.plusSeconds(6));
            assertThat(db.query("count plans", "SELECT COUNT(*) FROM prune_plans", ps -> { }, rs -> rs.getInt(1)))
                    .containsExactly(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void holdsFreezesPushesAndAcceptedCommandsRoundTrip(Backend backend) throws Exception {
        try (Database a = backend.open(); Database b = backend.open()) {
            GuardTable ga = new GuardTable(a, java.time.Clock.systemUTC());
            GuardTable gb = new GuardTable(b, java.time.Clock.systemUTC());
            ga.hold(new Hold(new ServiceName("echo"), Env.PROD, D1.value(), "ou_a", T0, "incident"));
            gb.hold(new Hold(new ServiceName("echo"), Env.PROD, D2.value(), "ou_b", T0.plusSeconds(1), "still"));
            assertThat(ga.hold(new ServiceName("echo"), Env.PROD)).map(Hold::by).contains("ou_b");
            assertThat(ga.holds()).hasSize(1);
            Freeze f = ga.freeze(new Freeze(0, Optional.empty(), Optional.of(Env.PROD), "ou_lead", T0, Optional.empty(), "release day"));
            assertThat(f.id()).isPositive();
            assertThat(gb.freezes(T0.plusSeconds(5))).extracting(Freeze::reason).containsExactly("release day");
            List<Boolean> first = race(6, i -> (i % 2 == 0 ? ga : gb).firstPush("skills/echo", D1, "1.0.0", T0));
            assertThat(first.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
            assertThat(gb.pushedAt("skills/echo", D1)).contains(T0);

            // notes are written in batches; closing writes what is left
            try (AcceptedCommands ca = new AcceptedCommands(a); AcceptedCommands cb = new AcceptedCommands(b)) {
                ca.accepted("ev_1", "oc_ops", "om_1", "ou_a", "/deploy echo 1.0.0", T0);
                cb.accepted("ev_1", "oc_ops", "om_1", "ou_a", "/deploy echo 1.0.0", T0);
                ca.started("ev_1");
            }
            try (AcceptedCommands restarted = new AcceptedCommands(b)) {
                assertThat(restarted.takeUnfinished()).singleElement().satisfies(u -> {
                    assertThat(u.messageId()).isEqualTo("om_1");
                    assertThat(u.started()).isTrue();
                });
                assertThat(restarted.takeUnfinished()).isEmpty();
            }

            // two live replicas: neither reports the other's command in flight; once one is gone, the other does
            DbLocks la = new DbLocks(a, java.time.Clock.systemUTC());
            try (DbLocks lb = new DbLocks(b, java.time.Clock.systemUTC());
                 AcceptedCommands cb = new AcceptedCommands(b, lb.owner(), lb::isAlive)) {
                la.announceAlive();
                lb.announceAlive();
                try (AcceptedCommands ca = new AcceptedCommands(a, la.owner(), la::isAlive)) {
                    ca.accepted("ev_a", "oc_ops", "om_a", "ou_a", "/deploy echo 2.0.0", T0);
                    ca.started("ev_a");
                }
                cb.accepted("ev_b", "oc_ops", "om_b", "ou_b", "/rollback echo", T0);
                cb.close(); // written, and b's own rows are never its own orphans
                assertThat(cb.takeUnfinished()).as("a runs, and b's own command is its own").isEmpty();
                assertThat(lb.held()).as("life locks are not service locks").isEmpty();
                la.close(); // replica a is gone
                assertThat(cb.takeUnfinished()).singleElement().satisfies(u -> {
                    assertThat(u.messageId()).isEqualTo("om_a");
                    assertThat(u.started()).isTrue();
                });
                assertThat(cb.takeUnfinished()).isEmpty();
            } finally {
                la.close();
            }
        }
    }

    private static NewRelease release(String version, Digest digest, Instant at) {
        return new NewRelease(new ServiceName("echo"), Env.STAGING, version, digest, "127.0.0.1:5000/skills/echo@" + digest.value(),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", at);
    }

    private static ApprovalRequest request(String id) {
        return new ApprovalRequest(id, new ServiceName("echo"), Env.PROD, 7, D2, "1.1.0", "{\"steps\":[]}", List.of("c1", "c2"), "deploy 1.1.0",
                "ou_dev1", "oc_ops", T0, T0.plusSeconds(3600), ApprovalRequest.Status.PENDING, Optional.empty(),
                Optional.empty(), Optional.empty(), "");
    }

    private static ApprovalRequest quorumRequest(String id, int required) {
        ApprovalRequest r = request(id);
        return new ApprovalRequest(r.id(), r.service(), r.env(), r.releaseId(), r.digest(), r.version(), r.planJson(), r.runningBefore(),
                r.summary(), r.requester(), r.chat(), r.createdAt(), r.expiresAt(), r.status(), r.decidedBy(), r.decidedAt(),
                r.cardMessageId(), r.result(), 0, required, List.of());
    }

    interface Indexed<T> {
        T call(int i) throws Exception;
    }

    /** Runs {@code n} calls released at the same instant from their own threads; results in call order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theLeaderLeaseHasOneHolderRenewsAndPassesOnWhenItRunsOutOrIsGivenUp(Backend backend) throws Exception {
        List<Database> replicas = List.of(backend.open(), backend.open(), backend.open(), backend.open());
        try {
            Duration minute = Duration.ofMinutes(1);
            List<Boolean> claimed = race(4, i -> new Leases(replicas.get(i)).claim("leader", "r" + i, i + "@h", minute));
            assertThat(claimed.stream().filter(Boolean::booleanValue).count()).as("one of four racing replicas leads").isEqualTo(1);
            int winner = claimed.indexOf(true);
            int other = (winner + 1) % 4;
            Leases mine = new Leases(replicas.get(winner));
            Leases theirs = new Leases(replicas.get(other));
            Leases.Lease first = theirs.current("leader").orElseThrow();
            assertThat(first.holder()).isEqualTo("r" + winner);
            assertThat(first.process()).isEqualTo(winner + "@h");
            assertThat(mine.claim("leader", "r" + winner, winner + "@h", minute)).as("the holder renews").isTrue();
            assertThat(theirs.current("leader").orElseThrow().since()).as("a renewal keeps the start").isEqualTo(first.since());
            assertThat(theirs.claim("leader", "r" + other, other + "@h", minute)).as("a running lease is not taken").isFalse();

            mine.claim("leader", "r" + winner, winner + "@h", Duration.ofMillis(1)); // as if its last renewal was long ago
            com.larkops.testing.Poll.until("the lease runs out and another replica takes it", Duration.ofSeconds(10),
                    () -> theirs.claim("leader", "r" + other, other + "@h", minute));
            assertThat(mine.current("leader").orElseThrow().holder()).isEqualTo("r" + other);
            assertThat(mine.claim("leader", "r" + winner, winner + "@h", minute)).as("the old leader does not take it back").isFalse();

            theirs.release("leader", "r" + other); // a graceful stop
            assertThat(mine.current("leader")).isEmpty();
            assertThat(mine.claim("leader", "r" + winner, winner + "@h", minute)).as("given up: taken at the next ask").isTrue();
        } finally {
            replicas.forEach(Database::close);
        }
    }

    static <T> List<T> race(int n, Indexed<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    go.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> List<T> race(int n, Callable<T> call) throws Exception {
        return race(n, i -> call.call());
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }
}
