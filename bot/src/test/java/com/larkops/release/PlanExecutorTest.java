package com.larkops.release;

import com.larkops.command.AuditEntry;
import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.testing.ReleaseRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.larkops.testing.ReleaseRig.NETWORK;
import static com.larkops.testing.ReleaseRig.NOW;
import static com.larkops.testing.ReleaseRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The executor's failure handling on data (PlanExecutorIT runs the same against the engine): a step failing
 * before the cut-over undoes the done steps newest first, each undo audited, a failing undo too; after the
 * cut-over nothing is undone; {@link Step.OnFailure} WARN goes on, STOP stops and undoes nothing.
 */
class PlanExecutorTest {
    static final Caller WHO = Caller.lark("ou_dev1", "oc_ops");
    static final String TITLE = "unit plan";
    static final List<String> ALIASES = List.of("echo-staging");

    @TempDir
    Path dir;
    ReleaseRig rig;
    PlanExecutor executor;
    Digest v1;

    @BeforeEach
    void setUp() {
        rig = new ReleaseRig(dir);
        executor = rig.executor;
        v1 = rig.push("1.0.0");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** Every step event, as a live card sees them, and the evidence of a failed rollout. */
    static final class Recorder implements Progress, StepListener {
        final List<String> events = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();

        @Override
        public void update(String text) {
        }

        @Override
        public void onStep(Plan plan, int index, Step step, State state, String detail) {
            events.add(index + " " + state + (detail.isEmpty() ? "" : " " + detail));
        }

        @Override
        public void failed(Integer exitCode, String reason, String redactedLogs) {
            evidence.add(exitCode + " " + reason);
        }
    }

    static Plan plan(Step... steps) {
        return Plan.of(TITLE, LockKey.of(new ServiceName("echo"), Env.STAGING), List.of(steps));
    }

    Step.Create create(String name) {
        return new Step.Create(name, rig.image(v1), ReleaseRig.labels(Env.STAGING, "1.0.0", v1, 1), NETWORK, null, null, null, List.of());
    }

    static Step.AwaitHealthy healthy(String name) {
        return new Step.AwaitHealthy(name, 8080, "/healthz", Duration.ofSeconds(5), NETWORK);
    }

    /** The audit trail of this plan's steps, oldest first: (step, outcome, detail). */
    List<AuditEntry> audit() {
        List<AuditEntry> all = new ArrayList<>(rig.audit.recent(500));
        java.util.Collections.reverse(all);
        return all.stream().filter(a -> a.command().startsWith(TITLE + ": ")).toList();
    }

    @Test
    void theOwnContainersStopCutOffByItsOwnShutdownIsNoFailure() {
        RuntimeException closed = new com.larkops.runtime.RuntimeUnavailableException("unix:///var/run/docker.sock",
                new java.io.IOException("engine call", new java.nio.channels.AsynchronousCloseException()));
        assertThat(PlanExecutor.closedUnderUs(closed)).isTrue();
        assertThat(PlanExecutor.closedUnderUs(new com.larkops.runtime.RuntimeOperationException("stop container x failed: "
                + "java.net.SocketTimeoutException: Read timed out"))).isFalse();
    }

    @Test
    void aStepFailingBeforeTheCutOverUndoesTheDoneStepsNewestFirstAndAuditsEachUndo() {
        rig.existing("echo-staging-old", Env.STAGING, "0.9.0", rig.push("0.9.0"), true, NOW.minusSeconds(3600));
        rig.runtime.failOn("connect new " + NETWORK + " " + ALIASES, "network is gone");
        Recorder rec = new Recorder();

        PlanExecutor.Result r = executor.execute(plan(new Step.Pull(rig.image(v1)), create("new"), new Step.Start("new"), healthy("new"),
                new Step.Route("new", NETWORK, ALIASES), new Step.Retire("echo-staging-old", Duration.ofSeconds(5))), WHO, rec);

        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("network is gone");
        assertThat(r.message()).isEqualTo("route echo-staging → new: network is gone");
        assertThat(rig.runtime.calls()).containsExactly(
                "pull " + rig.image(v1), "create new", "start new", "disconnect new " + NETWORK,
                "connect new " + NETWORK + " " + ALIASES,
                // the undo, newest first: the started container stops, then the created one goes; the pull stays
                "stop new", "remove new");
        assertThat(rig.runtime.container("new")).isEmpty();
        assertThat(rig.runtime.runningNames()).as("the old container was never touched").containsExactly("echo-staging-old");
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state).containsExactly(StepListener.State.DONE,
                StepListener.State.DONE, StepListener.State.DONE, StepListener.State.DONE, StepListener.State.FAILED,
                StepListener.State.PENDING);
        assertThat(rec.events).contains("4 FAILED network is gone").doesNotContain("5 RUNNING");
        assertThat(audit()).extracting(AuditEntry::command, AuditEntry::outcome, AuditEntry::detail).containsExactly(
                tuple(TITLE + ": pull " + rig.image(v1), "ok", ""),
                tuple(TITLE + ": create new", "ok", ""),
                tuple(TITLE + ": start new", "ok", ""),
                tuple(TITLE + ": wait until new is healthy (/healthz, timeout 5s)", "ok", ""),
                tuple(TITLE + ": route echo-staging → new", "failed", "network is gone"),
                tuple(TITLE + ": stop new (undo)", "ok", "undo"),
                tuple(TITLE + ": remove new (undo: it never served)", "ok", "undo"));
    }

    @Test
    void aFailingUndoIsAuditedAsFailedAndTheOlderUndosStillRun() {
        rig.runtime.crashOnStart(rig.image(v1)).failOn("stop new", "engine refused the stop");

        PlanExecutor.Result r = executor.execute(plan(create("new"), new Step.Start("new"), healthy("new")), WHO, Progress.NONE);

        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("container exited with code 1");
        assertThat(rig.runtime.calls()).containsExactly("create new", "start new", "stop new", "remove new");
        assertThat(audit()).extracting(AuditEntry::command, AuditEntry::outcome, AuditEntry::detail).endsWith(
                tuple(TITLE + ": wait until new is healthy (/healthz, timeout 5s)", "failed", "container exited with code 1"),
                tuple(TITLE + ": stop new (undo)", "failed", "engine refused the stop"),
                tuple(TITLE + ": remove new (undo: it never served)", "ok", "undo"));
    }

    @Test
    void aFailedRolloutRecordsTheReleaseAsFailedAndShowsTheExitCodeAsEvidence() {
        Target target = new Target("echo", Env.STAGING, v1, "1.0.0", rig.image(v1));
        Release release = rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, "1.0.0", v1, rig.image(v1),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", NOW), Release.Outcome.IN_PROGRESS);
        rig.runtime.crashOnStart(rig.image(v1));
        Recorder rec = new Recorder();
        Plan plan = new Plan(TITLE, LockKey.of(new ServiceName("echo"), Env.STAGING), List.of(create("new"), new Step.Start("new"), healthy("new"),
                new Step.Route("new", NETWORK, ALIASES)), new Plan.Rollout(target, Release.Kind.DEPLOY, "new", false));

        PlanExecutor.Result r = executor.execute(plan, release, rec);

        assertThat(r.ok()).isFalse();
        assertThat(rec.evidence).containsExactly("1 wait until new is healthy (/healthz, timeout 5s): container exited with code 1");
        Release after = rig.releases.byId(release.id()).orElseThrow();
        assertThat(after.outcome()).isEqualTo(Release.Outcome.FAILED);
        assertThat(after.detail()).startsWith("wait until new is healthy (/healthz, timeout 5s): container exited with code 1");
        assertThat(rig.runtime.container("new")).as("undone").isEmpty();
    }

    @Test
    void aFailedStepsReasonReachesTheChangeCardAndTheReplyInChinese() {
        Target target = new Target("echo", Env.STAGING, v1, "1.0.0", rig.image(v1));
        Release release = rig.releases.begin(new ReleaseHistory.NewRelease(new ServiceName("echo"), Env.STAGING, "1.0.0", v1, rig.image(v1),
                Release.Kind.DEPLOY, "ou_dev1", "oc_ops", NOW), Release.Outcome.IN_PROGRESS);
        rig.runtime.crashOnStart(rig.image(v1));
        Plan plan = new Plan(TITLE, LockKey.of(new ServiceName("echo"), Env.STAGING), List.of(create("new"), new Step.Start("new"), healthy("new"),
                new Step.Route("new", NETWORK, ALIASES)), new Plan.Rollout(target, Release.Kind.DEPLOY, "new", false));
        ChangeTracker card = ChangeTracker.forPlan(plan, release, Progress.NONE, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

        PlanExecutor.Result r = executor.execute(plan, release, card);

        String json = String.valueOf(card.render());
        assertThat(json).as("the failed step's row and the evidence, in Chinese").contains("容器已退出，退出码 1");
        assertThat(json).as("English stays as it was").contains("container exited with code 1");
        assertThat(r.text().in(com.larkops.i18n.Language.ZH_CN)).contains("容器已退出，退出码 1");
        assertThat(r.message()).isEqualTo("wait until new is healthy (/healthz, timeout 5s): container exited with code 1");
        assertThat(rig.releases.byId(release.id()).orElseThrow().detail()).as("the history keeps English")
                .startsWith("wait until new is healthy (/healthz, timeout 5s): container exited with code 1");
    }

    @Test
    void afterTheCutOverAFailureUndoesNothing() {
        rig.runtime.failOn("connect new other-net " + ALIASES, "network is gone");

        PlanExecutor.Result r = executor.execute(plan(create("new"), new Step.Start("new"), healthy("new"),
                new Step.Route("new", NETWORK, ALIASES), new Step.Route("new", "other-net", ALIASES)), WHO, Progress.NONE);

        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("network is gone");
        // traffic moved to "new" when the first route completed: stopping it now would leave nothing serving
        assertThat(rig.runtime.calls()).doesNotContain("stop new", "remove new");
        assertThat(rig.runtime.runningNames()).containsExactly("new");
        assertThat(audit()).extracting(AuditEntry::detail).doesNotContain("undo");
    }

    @Test
    void aWarnStepFailureIsAWarningAndThePlanGoesOn() {
        rig.existing("old", Env.STAGING, "0.9.0", v1, true, NOW.minusSeconds(3600));
        rig.runtime.failOn("stop old", "engine timed out");

        PlanExecutor.Result r = executor.execute(plan(create("new"), new Step.Start("new"), healthy("new"),
                new Step.Route("new", NETWORK, ALIASES), new Step.Retire("old", Duration.ofSeconds(5)),
                new Step.MoveTag(REPO, v1, "staging")), WHO, Progress.NONE);

        assertThat(new Step.Retire("old", Duration.ofSeconds(5)).onFailure()).isEqualTo(Step.OnFailure.WARN);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.warnings()).containsExactly("stop old (kept for rollback) failed: engine timed out");
        assertThat(r.message()).contains("warnings:\nstop old (kept for rollback) failed: engine timed out");
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state).endsWith(StepListener.State.FAILED, StepListener.State.DONE);
        assertThat(rig.fakeRegistry.tagged(REPO, "staging")).contains(v1);
        assertThat(rig.runtime.calls()).doesNotContain("remove new");
    }

    @Test
    void aStopStepFailureStopsThePlanAndTheRestNeverRuns() {
        Digest doomed = rig.fakeRegistry.push(REPO, "doomed", Map.of());
        Digest other = rig.fakeRegistry.push(REPO, "other", Map.of());
        rig.fakeRegistry.refuseWrites();

        PlanExecutor.Result r = executor.execute(plan(new Step.DeleteManifest(REPO, doomed, List.of("doomed"), null),
                new Step.DeleteManifest(REPO, other, List.of("other"), null)), WHO, Progress.NONE);

        assertThat(new Step.DeleteManifest(REPO, doomed, List.of("doomed"), null).onFailure()).isEqualTo(Step.OnFailure.STOP);
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).contains("HTTP 500");
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state).containsExactly(StepListener.State.FAILED,
                StepListener.State.PENDING);
        assertThat(rig.fakeRegistry.writes()).containsExactly("delete " + REPO + "@" + doomed.value());
        assertThat(rig.fakeRegistry.tagged(REPO, "other")).contains(other);
    }

    @Test
    void aStopStepFailureUndoesNothingEvenBeforeTheCutOver() {
        Digest doomed = rig.fakeRegistry.push(REPO, "doomed", Map.of());
        rig.fakeRegistry.refuseWrites();

        PlanExecutor.Result r = executor.execute(plan(create("new"), new Step.Start("new"),
                new Step.DeleteManifest(REPO, doomed, List.of("doomed"), null)), WHO, Progress.NONE);

        assertThat(r.ok()).isFalse();
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state).containsExactly(StepListener.State.DONE,
                StepListener.State.DONE, StepListener.State.FAILED);
        // "Stop here; nothing is undone": the created and started container stays as it is
        assertThat(rig.runtime.calls()).containsExactly("create new", "start new");
        assertThat(audit()).extracting(AuditEntry::outcome).containsExactly("ok", "ok", "failed");
    }

    @Test
    void aManifestAlreadyGoneIsSkippedNotFailed() {
        Digest doomed = rig.fakeRegistry.push(REPO, "doomed", Map.of());

        PlanExecutor.Result r = executor.execute(plan(new Step.DeleteManifest(REPO, doomed, List.of("doomed"), null),
                new Step.DeleteManifest(REPO, doomed, List.of("doomed"), null)), WHO, Progress.NONE);

        assertThat(r.ok()).isTrue();
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state, PlanExecutor.StepOutcome::detail)
                .containsExactly(tuple(StepListener.State.DONE, ""), tuple(StepListener.State.SKIPPED, "already gone"));
    }

    @Test
    void aPreconditionThatCannotBeCheckedAbortsTheRestAndUndoesWhatWasDone() {
        PlanExecutor aborting = new PlanExecutor(rig.runtime, rig.registry, rig.health, rig.releases, rig.audit, rig.locks,
                check -> Check.Verdict.abort("cannot read the registry"), rig.clock, service -> java.util.Optional.empty());

        PlanExecutor.Result r = aborting.execute(plan(create("new"),
                new Step.RemoveImage(List.of(rig.image(v1)), new Check.NotProtected(REPO, v1, NOW)), new Step.Start("new")),
                WHO, Progress.NONE);

        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("cannot read the registry");
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state).containsExactly(StepListener.State.DONE,
                StepListener.State.FAILED, StepListener.State.PENDING);
        assertThat(rig.runtime.calls()).containsExactly("create new", "remove new");
        assertThat(audit()).extracting(AuditEntry::outcome).containsExactly("ok", "aborted", "ok");
    }

    @Test
    void aPlanWhoseLockAnotherHoldsRunsNoStep() {
        String key = LockKey.of(new ServiceName("echo"), Env.STAGING).value();
        assertThat(rig.dbLocks.tryAcquire(key, "ou_other")).isEmpty();

        assertThatThrownBy(() -> executor.execute(plan(create("new")), WHO, Progress.NONE)).isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(com.larkops.model.Text.plain(e.getMessage())).contains("echo staging is being changed by ou_other"));
        assertThat(rig.runtime.calls()).isEmpty();
        assertThat(audit()).isEmpty();
    }
}
