package com.larkops.retention;

import com.larkops.command.Progress;
import com.larkops.i18n.Text;
import com.larkops.release.Plan;
import com.larkops.release.Step;
import com.larkops.release.StepListener;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress a prune plan runs with: nothing is shown while it runs (the report follows), but why a step was skipped
 * or failed is kept in every language, by step, for the report (the executor's step outcomes keep only its English).
 */
final class StepDetails implements Progress, StepListener {
    private final Map<Integer, Text> why = new ConcurrentHashMap<>();

    @Override
    public void update(String text) {
    }

    @Override
    public void onStep(Plan plan, int index, Step step, State state, String detail) {
    }

    @Override
    public void onStep(Plan plan, int index, Step step, State state, Text detail) {
        if (state == State.SKIPPED || state == State.FAILED) {
            why.put(index, detail);
        }
    }

    /** Why step {@code index} was skipped or failed, in every language; empty when it was neither. */
    Optional<Text> why(int index) {
        return Optional.ofNullable(why.get(index));
    }
}
