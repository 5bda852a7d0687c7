package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.SwarmService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static org.assertj.core.api.Assertions.assertThat;

/** Swarm crash recovery on data: the interrupted release's record and the service as the manager reports it, in; a plan, out. */
class SwarmRecoveryPlannerTest {
    static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");
    static final String IMG1 = "127.0.0.1:5000/skills/echo@" + D1.value();
    static final String IMG2 = "127.0.0.1:5000/skills/echo@" + D2.value();
    static final Duration CONVERGE = Duration.ofSeconds(90);

    static Release release(long id, com.larkops.model.Digest d, String image, String version, Release.Outcome outcome) {
        return new Release(id, new ServiceName("echo"), Env.STAGING, version, d, image, Release.Kind.DEPLOY, "ou_dev1", "oc_ops", AT,
                Optional.empty(), outcome, "", "echo-staging", Optional.empty(), Optional.empty());
    }

    static Optional<SwarmService> service(String image, String state, String message, String previous) {
        return service(image, state, message, previous, AT.plusSeconds(2));
    }

    static Optional<SwarmService> service(String image, String state, String message, String previous, Instant updateStarted) {
        return Optional.of(new SwarmService("id1", "echo-staging", 9, image, Map.of(), 2, Optional.ofNullable(state), message,
                Optional.ofNullable(previous), Optional.of(updateStarted)));
    }

    final Release interrupted = release(8, D2, IMG2, "2.0.0", Release.Outcome.IN_PROGRESS);
    final Optional<Release> previous = Optional.of(release(7, D1, IMG1, "1.0.0", Release.Outcome.LIVE));

    @Test
    void aCompletedUpdateIsCheckedOnceAndLive() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.plan(interrupted, previous, service(IMG2, "completed", "update completed", IMG1), CONVERGE);
        assertThat(r.plan().steps()).containsExactly(new Step.AwaitConverged("echo-staging", D2.value(), IMG1, CONVERGE));
        assertThat(r.live()).isTrue();
        assertThat(r.plan().lock().value()).isEqualTo("echo/staging");
        assertThat(r.text()).isEqualTo("release #8 (deploy echo 2.0.0 to staging) was interrupted by a bot restart; the engine had "
                + "finished the update; every task runs it, so it is live");
    }

    @Test
    void anUpdateStillRollingIsWaitedForWithinTheDeploysBound() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.plan(interrupted, previous, service(IMG2, "updating", "", IMG1), CONVERGE);
        assertThat(r.plan().describe()).isEqualTo("""
                recover release #8
                1. wait until every task of echo-staging runs %s (timeout 90s)""".formatted(D2.value().substring(0, 19)));
        assertThat(r.live()).isTrue();
        assertThat(r.text()).contains("still rolling it out; larkops waited until every task ran it");
        // a first deploy (the engine never updated the created service) is the same wait
        assertThat(SwarmRecoveryPlanner.plan(interrupted, Optional.empty(), service(IMG2, null, "", null), CONVERGE).live()).isTrue();
    }

    @Test
    void whenItDoesNotConvergeThePreviousSpecGoesBack() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.notConverged(interrupted, previous, service(IMG2, "updating", "", IMG1),
                "echo-staging did not converge on sha256:2222 within 1m30s\ntask 1 on node-b: sha256:1111 running");
        assertThat(r.plan().steps()).containsExactly(new Step.RestoreService("echo-staging", IMG1));
        assertThat(r.live()).isFalse();
        assertThat(r.failedDetail()).contains("did not converge");
        assertThat(r.text()).endsWith("; it did not converge (echo-staging did not converge on sha256:2222 within 1m30s); 1.0.0 ("
                + D1.shortForm() + ") was put back\ntask 1 on node-b: sha256:1111 running");
        // created by the interrupted release: it goes away
        RecoveryPlanner.Recovery created = SwarmRecoveryPlanner.notConverged(interrupted, Optional.empty(),
                service(IMG2, "updating", "", null), "no");
        assertThat(created.plan().steps()).containsExactly(new Step.RestoreService("echo-staging", null));
        assertThat(created.text()).contains("the new service echo-staging was removed; nothing serves echo in staging");
    }

    @Test
    void aPausedUpdateIsFailedAndThePreviousSpecPutBack() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.plan(interrupted, previous,
                service(IMG2, "paused", "update paused due to failure or early termination of task x", IMG1), CONVERGE);
        assertThat(r.plan().steps()).containsExactly(new Step.RestoreService("echo-staging", IMG1));
        assertThat(r.live()).isFalse();
        assertThat(r.text()).contains("the engine paused the update (update paused due to failure")
                .endsWith("1.0.0 (" + D1.shortForm() + ") was put back");
    }

    @Test
    void anUpdateTheEngineRolledBackIsFailedWithNothingToDo() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.plan(interrupted, previous,
                service(IMG1, "rollback_completed", "rollback completed", IMG2), CONVERGE);
        assertThat(r.plan().steps()).isEmpty();
        assertThat(r.live()).isFalse();
        assertThat(r.failedDetail()).contains("rollback_completed");
        assertThat(r.text()).contains("the engine rolled the update back (rollback_completed: rollback completed)")
                .endsWith("; 1.0.0 (" + D1.shortForm() + ") serves");
    }

    @Test
    void anUpdateThatNeverReachedTheEngineIsFailedAndWhatRunsServes() {
        RecoveryPlanner.Recovery r = SwarmRecoveryPlanner.plan(interrupted, previous, service(IMG1, "completed", "", null), CONVERGE);
        assertThat(r.plan().steps()).isEmpty();
        assertThat(r.live()).isFalse();
        assertThat(r.text()).contains("the update never reached the engine; 1.0.0 (" + D1.shortForm() + ") serves");
        // a rollback the engine did before this release began is an earlier release's, not this one's
        RecoveryPlanner.Recovery earlier = SwarmRecoveryPlanner.plan(interrupted, previous,
                service(IMG1, "rollback_completed", "rollback completed", IMG2, AT.minusSeconds(30)), CONVERGE);
        assertThat(earlier.plan().steps()).isEmpty();
        assertThat(earlier.text()).contains("the update never reached the engine").doesNotContain("rolled");
        RecoveryPlanner.Recovery gone = SwarmRecoveryPlanner.plan(interrupted, previous, Optional.empty(), CONVERGE);
        assertThat(gone.plan().steps()).isEmpty();
        assertThat(gone.text()).contains("before Swarm service echo-staging existed; nothing serves echo in staging now");
    }
}
