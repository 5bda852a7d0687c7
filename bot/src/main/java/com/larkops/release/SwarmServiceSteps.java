package com.larkops.release;

import com.larkops.command.Progress;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.runtime.SwarmChanges;
import com.larkops.runtime.SwarmSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The Swarm steps ({@code runtime: swarm}): {@link Step.UpdateService} applies the spec, {@link Step.AwaitConverged}
 * waits for the engine's rolling update (watched by {@link SwarmSteps}), {@link Step.RestoreService} (the update's
 * undo) puts the service back. On an engine that runs containers the three kinds fail, saying so ({@link #refuse}).
 */
final class SwarmServiceSteps {
    private static final Logger log = LoggerFactory.getLogger(SwarmServiceSteps.class);

    private final SwarmSteps watch;
    private final SwarmChanges services;

    SwarmServiceSteps(SwarmSteps watch, SwarmChanges services) {
        this.watch = watch;
        this.services = services;
    }

    /** The handler of the Swarm kinds when the engine is no Swarm manager. */
    static Optional<String> refuse(Step step, StepHandlers.StepRun run) {
        throw new StepFailed(Msg.of("release.step.not_swarm"));
    }

    /** The spec applied is kept (by service) for {@link #converge}, which may apply it once more. */
    Optional<String> update(Step.UpdateService u, StepHandlers.StepRun run) {
        SwarmSpec spec = SwarmSteps.spec(u, run.envValues());
        services.applySwarmService(spec);
        run.applied().put(u.service(), spec);
        return Optional.empty();
    }

    /**
     * Waits for the Swarm update to converge. When the engine rolled it back over a task that a node's leaving
     * (drain, down) shut down — not a task that failed on the image — the same spec is applied once more and
     * waited for on the nodes left, still health-gated and rolled back by the engine on a real failure.
     */
    Optional<String> converge(Step.AwaitConverged a, StepHandlers.StepRun run) {
        NodesLeft left = new NodesLeft();
        SwarmSpec applied = run.applied().get(a.service());
        Runnable reconcile = () -> {
            if (applied != null) {
                services.applySwarmService(applied);
            }
        };
        Optional<SwarmSteps.NotConverged> failed = watch.await(a, Progress.NONE, run.notes()::add, left, run::showRunning, reconcile);
        if (failed.isPresent() && failed.get().nodeLeft() && applied != null) {
            log.info("{}: the engine rolled back over a task a leaving node shut down; applying the update once more", a.service());
            left.retried();
            services.applySwarmService(applied);
            failed = watch.await(a, Progress.NONE, run.notes()::add, left, run::showRunning, reconcile);
        }
        failed.ifPresent(f -> {
            throw new StepFailed(f.message());
        });
        return Optional.empty();
    }

    /** Back on the digest it ran before (the engine's rollback), or away when the plan created it; or nothing to do. */
    void restore(Step.RestoreService r) {
        switch (watch.restoreNeeded(r)) {
            case REMOVE -> services.removeSwarmService(r.service());
            case ROLLBACK -> services.rollbackSwarmService(r.service());
            case NOTHING -> { }
        }
    }

    /** Which task runs which digest on which node, for the final reply; empty when the plan waits on no service. */
    Optional<Text> report(Plan plan) {
        for (Step s : plan.steps()) {
            if (s instanceof Step.AwaitConverged a) {
                try {
                    return Optional.of(watch.reportText(a.service())).filter(t -> !t.in(com.larkops.i18n.Language.DEFAULT).isEmpty());
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
