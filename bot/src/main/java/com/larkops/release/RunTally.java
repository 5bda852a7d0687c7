package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a plan by {@link PlanExecutor}, as it goes: each step's outcome (told to the listener as it changes;
 * a listener that throws is logged, never fails the plan), the steps done (what an undo puts back), whether the
 * cut-over is behind, the warnings of the steps that failed and let the plan go on.
 */
final class RunTally {
    private static final Logger log = LoggerFactory.getLogger(RunTally.class);

    final Plan plan;
    final StepListener listener;
    final long start = System.nanoTime();
    final List<PlanExecutor.StepOutcome> outcomes = new ArrayList<>();
    final List<Step> done = new ArrayList<>();
    final List<Text> warnings = new ArrayList<>();
    boolean cutOver;

    RunTally(Plan plan, StepListener listener) {
        this.plan = plan;
        this.listener = listener;
    }

    void mark(int index, StepListener.State state, Text detail) {
        Step step = plan.steps().get(index);
        outcomes.set(index, new PlanExecutor.StepOutcome(step, state, detail.in(Language.DEFAULT)));
        try {
            listener.onStep(plan, index, step, state, detail);
        } catch (RuntimeException e) {
            log.warn("step listener failed on {}: {}", step.describe(), e.getMessage());
        }
    }

    Duration took() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    List<String> warningsInEnglish() {
        return warnings.stream().map(w -> w.in(Language.DEFAULT)).toList();
    }
}
