package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.larkops.release.DeployPlannerTest.D1;
import static com.larkops.release.DeployPlannerTest.D2;
import static com.larkops.release.DeployPlannerTest.container;
import static org.assertj.core.api.Assertions.assertThat;

/** Crash recovery on data: the interrupted release's record and what the engine shows, in; a plan, out. */
class RecoveryPlannerTest {
    static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");

    static Release release(long id, com.larkops.model.Digest d, String version, Release.Outcome outcome, String container) {
        return new Release(id, new ServiceName("echo"), Env.STAGING, version, d, "img", Release.Kind.DEPLOY, "ou_dev1", "oc_ops", AT,
                Optional.empty(), outcome, "", container, Optional.empty(), Optional.empty());
    }

    final Release interrupted = release(8, D2, "2.0.0", Release.Outcome.IN_PROGRESS, "echo-staging-r8");
    final Release previous = release(7, D1, "1.0.0", Release.Outcome.LIVE, "echo-staging-r7");

    @Test
    void whenThePreviousStillServesTheHalfStartedOneIsUndoneAndThePreviousKeepsTheAlias() {
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10),
                container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, true);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(interrupted, Optional.of(previous), seen, "larkops");
        assertThat(r.plan().describe()).isEqualTo("""
                recover release #8
                1. stop echo-staging-r8 (interrupted release)
                2. remove echo-staging-r8 (interrupted release; it never completed)
                3. route echo-staging → echo-staging-r7""");
        assertThat(r.live()).isFalse();
        assertThat(r.plan().lock().value()).isEqualTo("echo/staging");
        assertThat(r.text()).contains("it was undone and 1.0.0 (sha256:111111111111) still serves");
    }

    @Test
    void aHealthyNewContainerAfterTheCutOverIsCompleted() {
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, true);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(interrupted, Optional.of(previous), seen, "larkops");
        assertThat(r.plan().steps()).containsExactly(new Step.Route("echo-staging-r8", "larkops", List.of("echo-staging")));
        assertThat(r.live()).isTrue();
        assertThat(r.text()).contains("it was completed and serves now");
    }

    @Test
    void anUnhealthyNewContainerIsUndoneAndThePreviousRestarted() {
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, false);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(interrupted, Optional.of(previous), seen, "larkops");
        assertThat(r.plan().steps()).containsExactly(
                new Step.Stop("echo-staging-r8", java.time.Duration.ofSeconds(5), "interrupted release"),
                new Step.Remove("echo-staging-r8", "interrupted release; it never completed"),
                new Step.Start("echo-staging-r7"),
                new Step.Route("echo-staging-r7", "larkops", List.of("echo-staging")));
        assertThat(r.live()).isFalse();
        assertThat(r.text()).contains("1.0.0 (sha256:111111111111) was restarted");
    }

    @Test
    void aKeptContainerARollbackRestartedIsStoppedButKept() {
        Release rollback = release(9, D1, "1.0.0", Release.Outcome.IN_PROGRESS, "echo-staging-r7");
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r7", D1, Env.STAGING, true, 1)), true, false);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(rollback, Optional.empty(), seen, "larkops");
        assertThat(r.plan().steps()).containsExactly(new Step.Stop("echo-staging-r7", java.time.Duration.ofSeconds(5), "interrupted release"));
        assertThat(r.text()).contains("nothing serves it now");
    }

    @Test
    void aContainerThatIsGoneNeedsNoUndo() {
        var seen = new RecoveryPlanner.Seen(List.of(), false, false);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(interrupted, Optional.empty(), seen, "larkops");
        assertThat(r.plan().steps()).isEmpty();
        assertThat(r.live()).isFalse();
    }

    @Test
    void anInterruptedSelfDeployNeverStopsTheRunningBotUnderItself() {
        var seen = new RecoveryPlanner.Seen(List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, false);
        RecoveryPlanner.Recovery r = RecoveryPlanner.plan(interrupted, Optional.of(previous), seen, "larkops",
                Optional.of("echo-staging-r8"));
        assertThat(r.plan().steps()).startsWith(
                new Step.RetireLater("echo-staging-r8", java.time.Duration.ofSeconds(5), DeployPlanner.SELF_HEAD_START));
        assertThat(r.plan().steps()).noneMatch(s -> s instanceof Step.Remove || s instanceof Step.Stop);
    }

    @Test
    void givenTheRepositoryTheEnvTagMovesLastToWhatServesAfterwards() {
        var healthy = new RecoveryPlanner.Seen(List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, true);
        RecoveryPlanner.Recovery live = RecoveryPlanner.plan(interrupted, Optional.of(previous), healthy, "larkops", Optional.empty(),
                Optional.of(DeployPlannerTest.ECHO));
        assertThat(live.plan().steps()).endsWith(new Step.MoveTag("skills/echo", D2, "staging"));

        var unhealthy = new RecoveryPlanner.Seen(List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1)), true, false);
        RecoveryPlanner.Recovery undone = RecoveryPlanner.plan(interrupted, Optional.of(previous), unhealthy, "larkops",
                Optional.empty(), Optional.of(DeployPlannerTest.ECHO));
        assertThat(undone.plan().steps()).endsWith(new Step.MoveTag("skills/echo", D1, "staging"));
    }

    @Test
    void aReleaseThatWentLiveBeforeItsBotDiedGetsThePlansTail() {
        Release wentLive = release(8, D2, "2.0.0", Release.Outcome.LIVE, "echo-staging-r8");
        Plan plan = RecoveryPlanner.complete(wentLive, List.of(container("echo-staging-r8", D2, Env.STAGING, true, 1),
                container("echo-staging-r7", D1, Env.STAGING, true, 10)), Optional.empty(), "skills/echo", java.time.Duration.ofSeconds(10));
        assertThat(plan.describe()).isEqualTo("""
                complete release #8
                1. stop echo-staging-r7 (kept for rollback)
                2. move tag skills/echo:staging → sha256:222222222222""");
    }
}
