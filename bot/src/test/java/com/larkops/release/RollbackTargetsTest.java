package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rollback puts back only what served in that service/env; anything else is a deploy (with approval in prod). */
class RollbackTargetsTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    final List<Release> rows = new ArrayList<>();
    final RollbackTargets targets = new RollbackTargets(new Rows());

    @Test
    void aDigestThatNeverServedThereIsRefusedWithTheDeployCommand() {
        add(1, "1.0.0", Env.STAGING, Release.Outcome.LIVE, true, true);
        assertThatThrownBy(() -> targets.choose(DeployPlannerTest.ECHO, Env.PROD, Optional.of("1.0.0")))
                .isInstanceOf(RefusedException.class).hasMessageContaining("never ran in prod")
                .hasMessageContaining("/deploy echo 1.0.0 prod (asks for approval)");
    }

    @Test
    void rejectedCancelledFailedOrPendingReleasesDoNotMakeADigestATarget() {
        add(1, "1.0.0", Env.PROD, Release.Outcome.LIVE, true, true);
        add(2, "2.0.0", Env.PROD, Release.Outcome.CANCELLED, false, false);
        add(2, "2.0.0", Env.PROD, Release.Outcome.FAILED, true, false);
        add(2, "2.0.0", Env.PROD, Release.Outcome.AWAITING_APPROVAL, false, false);
        add(2, "2.0.0", Env.PROD, Release.Outcome.IN_PROGRESS, false, false);
        for (String ref : List.of("2.0.0", digest(2).value())) {
            assertThatThrownBy(() -> targets.choose(DeployPlannerTest.ECHO, Env.PROD, Optional.of(ref)))
                    .isInstanceOf(RefusedException.class).hasMessageContaining("not a rollback target");
        }
    }

    @Test
    void inProdOnlyAKnownGoodDigestOnceOneExistsAndTheDefaultIsTheNewestKnownGoodNotServing() {
        add(1, "1.0.0", Env.PROD, Release.Outcome.SUPERSEDED, true, true);
        add(2, "2.0.0", Env.PROD, Release.Outcome.SUPERSEDED, true, false);
        add(3, "3.0.0", Env.PROD, Release.Outcome.LIVE, true, false);
        assertThatThrownBy(() -> targets.choose(DeployPlannerTest.ECHO, Env.PROD, Optional.of("2.0.0")))
                .hasMessageContaining("never became known-good in prod");
        assertThat(targets.choose(DeployPlannerTest.ECHO, Env.PROD, Optional.of("1.0.0")).digest()).isEqualTo(digest(1));
        assertThat(targets.choose(DeployPlannerTest.ECHO, Env.PROD, Optional.empty()).digest()).isEqualTo(digest(1));
        // staging: served there is enough
        add(2, "2.0.0", Env.STAGING, Release.Outcome.SUPERSEDED, true, false);
        add(1, "1.0.0", Env.STAGING, Release.Outcome.LIVE, true, true);
        assertThat(targets.choose(DeployPlannerTest.ECHO, Env.STAGING, Optional.of("2.0.0")).digest()).isEqualTo(digest(2));
    }

    static Digest digest(int n) {
        return Digest.parse("sha256:" + String.valueOf(n).repeat(64));
    }

    void add(int n, String version, Env env, Release.Outcome outcome, boolean healthy, boolean knownGood) {
        rows.add(new Release(rows.size() + 1, new ServiceName("echo"), env, version, digest(n), "r/echo@" + digest(n).value(), Release.Kind.DEPLOY,
                "ou_dev1", "oc_ops", T, Optional.empty(), outcome, "", "echo-" + env.tag() + "-r" + (rows.size() + 1),
                healthy ? Optional.of(T) : Optional.empty(), knownGood ? Optional.of(T) : Optional.empty()));
    }

    /** The release history as a list, newest last. */
    final class Rows implements ReleaseHistory {
        List<Release> of(ServiceName service, Env env) {
            return rows.stream().filter(r -> r.service().equals(service) && (env == null || r.env() == env))
                    .sorted(Comparator.comparingLong(Release::id).reversed()).toList();
        }

        @Override public Optional<Release> live(ServiceName service, Env env) {
            return of(service, env).stream().filter(r -> r.outcome() == Release.Outcome.LIVE).findFirst();
        }
        @Override public List<Release> history(ServiceName service, Env env, int limit) {
            return of(service, env).stream().limit(limit).toList();
        }
        @Override public List<Release> knownGood(ServiceName service, Env env, int limit) {
            return of(service, env).stream().filter(Release::isKnownGood).limit(limit).toList();
        }
        @Override public Release begin(NewRelease release, Release.Outcome initial) { throw new UnsupportedOperationException(); }
        @Override public void start(long id, Instant at) { throw new UnsupportedOperationException(); }
        @Override public void cancel(long id, String detail) { throw new UnsupportedOperationException(); }
        @Override public void live(long id, String container, Instant healthyAt) { throw new UnsupportedOperationException(); }
        @Override public void failed(long id, String detail) { throw new UnsupportedOperationException(); }
        @Override public void assign(long id, String container) { throw new UnsupportedOperationException(); }
        @Override public boolean knownGood(long id, Instant at) { throw new UnsupportedOperationException(); }
        @Override public Optional<Release> byId(long id) { return rows.stream().filter(r -> r.id() == id).findFirst(); }
        @Override public List<Release> inProgress() { return List.of(); }
    }
}
