package com.larkops.skill;

import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.LockKey;
import com.larkops.model.ServiceName;
import com.larkops.release.Plan;
import com.larkops.release.Step;
import com.larkops.release.Target;
import com.larkops.runtime.ContainerState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a skill's canary as data. Pure. Start: a second container of another digest beside the live one,
 * labelled {@code larkops.canary=true} with its share in {@code larkops.canary-weight} (the engine is the
 * record: a restarted bot routes the same way); earlier canaries go only once the new one is healthy, and a
 * canary that fails before that is undone by the executor. Abort: the canary containers go. Promote is a
 * normal deploy of the canary's digest, followed by an abort plan.
 */
public final class CanaryPlanner {
    private CanaryPlanner() {
    }

    public static String title(String skill) {
        return "canary " + skill;
    }

    /** The running and stopped canary containers of {@code skill} in {@code env}. */
    public static List<ContainerState> canaries(List<ContainerState> containers, ServiceName skill, Env env) {
        return containers.stream().filter(c -> Labels.isCanary(c.labels())).filter(c -> c.isOf(skill, env)).toList();
    }

    public static Plan start(ServiceConfig skill, Target target, int percent, String actor, String network, String name,
                             List<ContainerState> containers) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.Pull(target.image()));
        steps.add(Step.Create.of(name, target.image(), labels(target, percent, actor), skill, network));
        steps.add(new Step.Start(name));
        steps.add(new Step.AwaitHealthy(name, skill.port(), skill.health(), skill.healthTimeout(), network));
        for (ContainerState old : canaries(containers, skill.serviceName(), target.env())) {
            steps.add(new Step.Remove(old.name(), "earlier canary"));
        }
        return Plan.of(title(skill.name()), LockKey.of(skill.serviceName(), target.env()), steps);
    }

    /** Removes every canary container of the skill, one plan per env that has any (each env has its own lock). */
    public static List<Plan> abort(ServiceName skill, List<ContainerState> containers) {
        List<Plan> plans = new ArrayList<>();
        for (Env env : Env.values()) {
            abort(skill, env, containers).ifPresent(plans::add);
        }
        return plans;
    }

    /** Removes the canary containers of the skill in {@code env}; empty when there is none. */
    public static java.util.Optional<Plan> abort(ServiceName skill, Env env, List<ContainerState> containers) {
        List<Step> steps = canaries(containers, skill, env).stream().<Step>map(c -> new Step.Remove(c.name(), "canary")).toList();
        return steps.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Plan.of(title(skill.value()), LockKey.of(skill, env), steps));
    }

    static Map<String, String> labels(Target target, int percent, String actor) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.SERVICE, target.service());
        labels.put(Labels.ENV, target.env().tag());
        labels.put(Labels.VERSION, target.version());
        labels.put(Labels.DIGEST, target.digest().value());
        labels.put(Labels.RELEASE_ID, "canary"); // a canary is no release: it never becomes the env's live record
        labels.put(Labels.DEPLOYED_BY, actor);
        labels.put(Labels.CANARY, "true");
        labels.put(Labels.CANARY_WEIGHT, String.valueOf(percent));
        return labels;
    }
}
