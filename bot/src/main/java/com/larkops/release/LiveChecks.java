package com.larkops.release;

import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerState;

import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates step preconditions against the live state, reading only. The prune's protection re-check lives
 * with retention and is handed in.
 */
public final class LiveChecks implements Check.Evaluator {
    private final ContainerRuntime runtime;
    private final Function<Check.NotProtected, Check.Verdict> protections;

    public LiveChecks(ContainerRuntime runtime, Function<Check.NotProtected, Check.Verdict> protections) {
        this.runtime = runtime;
        this.protections = protections;
    }

    @Override
    public Check.Verdict evaluate(Check check) {
        if (check instanceof Check.StillStopped s) {
            Optional<ContainerState> now;
            try {
                now = runtime.inspect(s.container());
            } catch (RuntimeException e) {
                return Check.Verdict.abort("cannot read the engine (" + e.getMessage() + ")");
            }
            if (now.isEmpty()) {
                return Check.Verdict.skip("already gone");
            }
            return now.get().running() ? Check.Verdict.skip("running again") : Check.Verdict.GO;
        }
        if (check instanceof Check.NotProtected p) {
            return protections.apply(p);
        }
        return Check.Verdict.GO;
    }
}
