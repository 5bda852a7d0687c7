package com.larkops.release;

import com.larkops.model.ServiceName;
import com.larkops.config.ServiceConfig;
import com.larkops.config.SwarmServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.runtime.SwarmService;

import java.util.List;
import java.util.Optional;

/**
 * Plans a deploy or rollback on Swarm — the same thing: roll the service to the target's pinned digest and
 * wait for the engine to converge. Pure: the service as the manager reports it in, plan out. Swarm keeps
 * only one previous spec, so the digest to return to on failure is written into the plan.
 */
public final class SwarmPlanner {
    private SwarmPlanner() {
    }

    /** {@code echo-staging}, {@code echo-prod}: one Swarm service per service and env. */
    public static String serviceName(ServiceName service, Env env) {
        return service.value() + "-" + env;
    }

    public static Plan plan(Target target, Release.Kind kind, ServiceConfig service, SwarmServiceConfig swarm, long releaseId,
                            String actor, Optional<SwarmService> current) {
        String name = serviceName(target.serviceName(), target.env());
        if (current.isPresent() && current.get().image().equals(target.image()) && current.get().settled()) {
            throw new DeployPlanner.NothingToDo(target);
        }
        String previous = current.map(SwarmService::image).orElse(null);
        List<Step> steps = List.of(
                new Step.UpdateService(name, target.image(), DeployPlanner.labels(target, releaseId, actor),
                        service.envFile().map(Object::toString).orElse(null), swarm.replicas(), swarm.updateParallelism(),
                        swarm.constraints(), swarm.healthTest(), swarm.healthInterval(), swarm.probeTimeout(), swarm.healthRetries(),
                        swarm.healthStartPeriod(), swarm.monitor(), service.stopGrace(), previous, service.memoryBytes().orElse(null),
                        service.cpus().orElse(null), service.volumes()),
                new Step.AwaitConverged(name, target.digest().value(), previous, swarm.convergeTimeout(service.healthTimeout())));
        String title = kind.label() + " " + target.service() + " " + target.version() + " (" + target.digest().shortForm() + ") to "
                + target.env();
        return new Plan(title, com.larkops.model.LockKey.of(target.serviceName(), target.env()), steps,
                new Plan.Rollout(target, kind, name, false));
    }

    /**
     * The same plan, going back on failure to {@code current} — the service as it is when the plan runs, not as it
     * was when the plan was made (an approved plan runs later). Only the undo target changes.
     */
    public static Plan undoingTo(Plan plan, Optional<SwarmService> current) {
        String previous = current.map(SwarmService::image).orElse(null);
        List<Step> steps = plan.steps().stream().map(step -> {
            if (step instanceof Step.UpdateService u) {
                return (Step) new Step.UpdateService(u.service(), u.image(), u.labels(), u.envFile(), u.replicas(), u.parallelism(),
                        u.constraints(), u.healthTest(), u.healthInterval(), u.healthTimeout(), u.healthRetries(), u.healthStartPeriod(),
                        u.monitor(), u.stopGrace(), previous, u.memoryBytes(), u.cpus(), u.volumes());
            }
            if (step instanceof Step.AwaitConverged a) {
                return (Step) new Step.AwaitConverged(a.service(), a.digest(), previous, a.timeout());
            }
            return step;
        }).toList();
        return new Plan(plan.title(), plan.lock(), steps, plan.rollout());
    }
}
