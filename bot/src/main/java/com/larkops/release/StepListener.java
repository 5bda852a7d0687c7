package com.larkops.release;

import com.larkops.command.Progress;

/**
 * Step-by-step progress of a plan as the executor runs it: first every step {@code PENDING}, then each one
 * {@code RUNNING} and {@code DONE}, {@code SKIPPED} (detail: why) or {@code FAILED} (detail: why, redacted).
 * A live card renders from this. {@code index} is the step's position in {@code plan.steps()}.
 */
@FunctionalInterface
public interface StepListener {
    enum State { PENDING, RUNNING, DONE, SKIPPED, FAILED }

    void onStep(Plan plan, int index, Step step, State state, String detail);

    /** {@link #onStep(Plan, int, Step, State, String)} with the detail in every language (a card shows it); English by default. */
    default void onStep(Plan plan, int index, Step step, State state, com.larkops.i18n.Text detail) {
        onStep(plan, index, step, state, detail.in(com.larkops.i18n.Language.DEFAULT));
    }

    /**
     * The plan failed before the cut-over and was undone: the new container's exit code (null when unknown)
     * and its last log lines, redacted — the evidence a live card shows.
     */
    default void failed(Integer exitCode, String reason, String redactedLogs) {
    }

    /** {@link #failed(Integer, String, String)} with the reason in every language (a card shows it). */
    default void failed(Integer exitCode, com.larkops.i18n.Text reason, String redactedLogs) {
        failed(exitCode, reason.in(com.larkops.i18n.Language.DEFAULT), redactedLogs);
    }

    StepListener NONE = (plan, index, step, state, detail) -> { };

    /**
     * The listener for a command's progress: the progress itself when it renders steps (a live card), else
     * today's text updates ("waiting for … to be healthy…").
     */
    static StepListener of(Progress progress) {
        if (progress instanceof StepListener steps) {
            return steps;
        }
        return (plan, index, step, state, detail) -> {
            if (state == State.RUNNING && step instanceof Step.AwaitHealthy await) {
                progress.update("waiting for " + await.container() + " to be healthy…");
            }
        };
    }
}
