package com.larkops.release;

/**
 * Told by the executor how each step of a plan fares, in order: RUNNING when it starts, then DONE,
 * SKIPPED (with why) or FAILED (with the redacted reason); {@link #failed} once with the evidence when
 * the plan ends before cut-over. The live card renders these.
 */
public interface StepListener {
    enum State { PENDING, RUNNING, DONE, SKIPPED, FAILED }

    void step(int index, Step step, State state, String detail);

    /** The plan failed and was undone: the container's exit code (null if unknown) and its last log lines, redacted. */
    default void failed(Integer exitCode, String reason, String redactedLogs) {
    }

    StepListener NONE = (i, s, st, d) -> { };
}
