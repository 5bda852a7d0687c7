package com.larkops.store;

import com.larkops.approval.ApprovalRequest;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.ReleaseHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The store on a real SQLite file: releases, approvals, locks and processed events, and that they survive a reopen. */
class StoreTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ReleaseHistory.NewRelease release(Digest d, String version, Instant at) {
        return new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, version, d, "reg/echo@" + d.value(), Release.Kind.DEPLOY,
                "ou_dev1", "oc_ops", at);
    }

    @Test
    void releasesGoLiveSupersedeAndBecomeKnownGoodAndSurviveAReopen() {
        ReleaseStore store = new ReleaseStore(db, Clock.fixed(T0.plusSeconds(201), java.time.ZoneOffset.UTC));
        Release r1 = store.begin(release(D1, "1.0.0", T0), Release.Outcome.IN_PROGRESS);
        assertThat(store.inProgress()).extracting(Release::id).containsExactly(r1.id());
        store.assign(r1.id(), "echo-staging-r1");
        store.live(r1.id(), "echo-staging-r1", T0.plusSeconds(5));
        assertThat(store.knownGood(r1.id(), T0.plusSeconds(65))).as("marked now").isTrue();
        assertThat(store.knownGood(r1.id(), T0.plusSeconds(70))).as("marked already: another replica's watch keeps quiet").isFalse();
        Release r2 = store.begin(release(D2, "2.0.0", T0.plusSeconds(100)), Release.Outcome.IN_PROGRESS);
        store.live(r2.id(), "echo-staging-r2", T0.plusSeconds(105));
        Release r3 = store.begin(release(D1, "1.0.0", T0.plusSeconds(200)), Release.Outcome.IN_PROGRESS);
        store.failed(r3.id(), "wait until echo-staging-r3 is healthy: timed out");

        db.close();
        db = Database.open(dir);
        store = new ReleaseStore(db, java.time.Clock.systemUTC());
        assertThat(store.live(new ServiceName("echo"), Env.STAGING)).map(Release::id).contains(r2.id());
        assertThat(store.byId(r1.id())).map(Release::outcome).contains(Release.Outcome.SUPERSEDED);
        assertThat(store.byId(r3.id())).get().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Release.Outcome.FAILED);
            assertThat(r.detail()).isEqualTo("wait until echo-staging-r3 is healthy: timed out");
            assertThat(r.finishedAt()).contains(T0.plusSeconds(201)); // stamped by the store's clock
        });
        assertThat(store.knownGood(new ServiceName("echo"), Env.STAGING, 5)).extracting(Release::id).containsExactly(r1.id());
        assertThat(store.history(new ServiceName("echo"), null, 2)).extracting(Release::id).containsExactly(r3.id(), r2.id());
        assertThat(store.live(new ServiceName("echo"), Env.PROD)).isEmpty();
        assertThat(store.inProgress()).isEmpty();
    }

    @Test
    void anApprovalIsDecidedOnceAndItsDigestStaysProtectedUntilItFinishes() {
        ApprovalTable table = new ApprovalTable(db);
        ApprovalRequest request = new ApprovalRequest("apr-test", new ServiceName("echo"), Env.PROD, 7, D2, "2.0.0", "{\"plan\":1}",
                List.of("echo-prod-r3", "echo-prod-r4"), "deploy echo 2.0.0", "ou_dev1", "oc_ops", T0, T0.plusSeconds(3600),
                ApprovalRequest.Status.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), "");
        table.create(request);
        table.cardMessage("apr-test", "om_card");
        assertThat(table.pendingFor(new ServiceName("echo"), Env.PROD)).map(ApprovalRequest::id).contains("apr-test");
        assertThat(table.pendingDigests()).containsExactly(D2);

        assertThat(table.transition("apr-test", ApprovalRequest.Status.PENDING, ApprovalRequest.Status.APPROVED, "ou_lead", T0.plusSeconds(60)))
                .isTrue();
        // a double click: the second transition finds it no longer pending
        assertThat(table.transition("apr-test", ApprovalRequest.Status.PENDING, ApprovalRequest.Status.APPROVED, "ou_lead", T0.plusSeconds(61)))
                .isFalse();
        assertThat(table.pendingDigests()).containsExactly(D2);
        table.finish("apr-test", ApprovalRequest.Status.DONE, "live in prod");

        ApprovalRequest back = table.byId("apr-test").orElseThrow();
        assertThat(back.status()).isEqualTo(ApprovalRequest.Status.DONE);
        assertThat(back.decidedBy()).contains("ou_lead");
        assertThat(back.decidedAt()).contains(T0.plusSeconds(60));
        assertThat(back.cardMessageId()).contains("om_card");
        assertThat(back.runningBefore()).containsExactly("echo-prod-r3", "echo-prod-r4");
        assertThat(back.planJson()).isEqualTo("{\"plan\":1}");
        assertThat(table.pendingDigests()).isEmpty();
        assertThat(table.pendingFor(new ServiceName("echo"), Env.PROD)).isEmpty();
    }

    @Test
    void anOverdueApprovalIsFoundForExpiry() {
        ApprovalTable table = new ApprovalTable(db);
        table.create(new ApprovalRequest("apr-old", new ServiceName("echo"), Env.PROD, 8, D1, "1.0.0", "{}", List.of(), "s", "ou_dev1", "oc_ops",
                T0, T0.plusSeconds(60), ApprovalRequest.Status.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), ""));
        assertThat(table.pendingExpiredAt(T0.plusSeconds(59))).isEmpty();
        assertThat(table.pendingExpiredAt(T0.plusSeconds(60))).extracting(ApprovalRequest::id).containsExactly("apr-old");
    }

    @Test
    void aLockIsExclusiveBetweenTwoProcessesSharingTheFileUntilReleased() {
        Clock clock = Clock.systemUTC();
        try (DbLocks bot = new DbLocks(db, clock); Database shellDb = Database.open(dir); DbLocks shell = new DbLocks(shellDb, clock)) {
            assertThat(bot.tryAcquire("echo/staging", "ou_dev1")).isEmpty();
            assertThat(shell.tryAcquire("echo/staging", "os:root")).get().satisfies(h -> assertThat(h.holder()).isEqualTo("ou_dev1"));
            assertThat(shell.heldByAnother("echo/staging")).isTrue();
            assertThat(bot.heldByAnother("echo/staging")).isFalse();
            assertThat(shell.tryAcquire("echo/prod", "os:root")).as("another key is free").isEmpty();
            bot.release("echo/staging");
            assertThat(shell.heldByAnother("echo/staging")).isFalse();
            assertThat(shell.tryAcquire("echo/staging", "os:root")).isEmpty();
        }
    }

    @Test
    void anEventIdIsFirstSeenOnceEvenAcrossAReopenAndForgottenAfterTheRetention() {
        MutableClock clock = new MutableClock(T0);
        ProcessedEvents events = new ProcessedEvents(db, clock);
        assertThat(events.firstSeen("ev_1")).isTrue();
        assertThat(events.firstSeen("ev_1")).isFalse();
        db.close();
        db = Database.open(dir);
        ProcessedEvents reopened = new ProcessedEvents(db, clock);
        assertThat(reopened.firstSeen("ev_1")).as("durable, not just cached").isFalse();
        clock.now = T0.plus(ProcessedEvents.RETENTION).plusSeconds(1);
        ProcessedEvents later = new ProcessedEvents(db, clock);
        assertThat(later.purgeExpired()).isEqualTo(1);
        assertThat(later.firstSeen("ev_1")).as("forgotten after the retention").isTrue();
    }

    static final class MutableClock extends Clock {
        Instant now;

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
    }
}
