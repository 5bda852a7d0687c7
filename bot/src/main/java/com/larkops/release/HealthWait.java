package com.larkops.release;

import com.larkops.command.Trace;
import com.larkops.runtime.RuntimeReads;

import java.util.Optional;

/**
 * {@link Step.AwaitHealthy}: the {@link HealthGate} passes the new container or the step fails with the gate's
 * reason; the aliases its last look saw are kept for the {@link Step.Route} after it. When a rollout fails before
 * the cut-over, the evidence shown on the card comes from here too: the failed container's exit code and last log
 * lines. It only reads.
 */
final class HealthWait {
    private static final int LOG_LINES = 10;

    private final HealthGate health;
    private final RuntimeReads runtime;

    HealthWait(HealthGate health, RuntimeReads runtime) {
        this.health = health;
        this.runtime = runtime;
    }

    Optional<String> await(Step.AwaitHealthy a, StepHandlers.StepRun run) {
        HealthGate.Passed passed = health.pass(a);
        passed.failure().ifPresent(failure -> {
            throw new StepFailed(failure);
        });
        Trace.mark(Trace.Stage.HEALTHY);
        run.seenAliases().put(new StepHandlers.OnNetwork(a.container(), a.network()), passed.aliases());
        return Optional.empty();
    }

    /** The container's exit code when it has stopped (null when it runs, is gone, or the engine cannot say). */
    Integer exitCode(String container) {
        try {
            return runtime.inspect(container).filter(c -> !c.running()).map(c -> c.exitCode()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The container's last log lines, secrets scrubbed (escaped where they are shown); empty when there are none. */
    String lastLogs(String container, Redactor redactor) {
        try {
            return redactor.redact(runtime.logTail(container, LOG_LINES).strip());
        } catch (RuntimeException e) {
            return "";
        }
    }
}
