package com.larkops.release;

import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.util.Optional;

/**
 * Evaluates step preconditions against the live state, reading only. The prune's re-checks (protections, a
 * signature's subjects gone) live with retention and are handed in.
 */
public final class LiveChecks implements Check.Evaluator {
    private final RuntimeReads runtime;
    private final Check.Evaluator retention;

    public LiveChecks(RuntimeReads runtime, Check.Evaluator retention) {
        this.runtime = runtime;
        this.retention = retention;
    }

    @Override
    public Check.Verdict evaluate(Check check) {
        if (check instanceof Check.StillStopped s) {
            Optional<ContainerState> now;
            try {
                now = runtime.inspect(s.container());
            } catch (RuntimeException e) {
                return Check.Verdict.abort(com.larkops.i18n.Msg.of("release.step.cannot_read_engine", com.larkops.i18n.Explained.of(e)));
            }
            if (now.isEmpty()) {
                return Check.Verdict.skip(com.larkops.i18n.Msg.of("release.step.already_gone"));
            }
            return now.get().running() ? Check.Verdict.skip(com.larkops.i18n.Msg.of("release.step.running_again")) : Check.Verdict.GO;
        }
        if (check instanceof Check.NotProtected || check instanceof Check.SubjectsGone) {
            return retention.evaluate(check);
        }
        return Check.Verdict.GO;
    }
}
