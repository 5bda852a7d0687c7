package com.larkops.skill;

import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.ServiceName;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a skill's invocations go, read from the engine's labels (so it survives a bot restart): the
 * live container of the env the skill serves from — prod when prod runs, else staging — and that env's
 * canary, if any. Pure: containers in, route out.
 */
public record SkillRoute(Optional<Endpoint> live, Optional<Endpoint> canary) {

    public static SkillRoute of(ServiceName service, List<ContainerState> containers) {
        List<ContainerState> mine = containers.stream().filter(ContainerState::running)
                .filter(c -> service.value().equals(c.label(Labels.SERVICE))).toList();
        Optional<Endpoint> live = newest(mine, Env.PROD, false).or(() -> newest(mine, Env.STAGING, false));
        Env env = live.map(Endpoint::env).orElse(null);
        Optional<Endpoint> canary = env == null ? Optional.empty() : newest(mine, env, true);
        return new SkillRoute(live, canary);
    }

    /** The endpoint for this user: the canary for its share of users (a user sticks to one version), else live. */
    public Optional<Endpoint> choose(String user) {
        if (canary.isPresent() && live.isPresent() && Buckets.toCanary(live.get().service(), user, canary.get().weight())) {
            return canary;
        }
        return live;
    }

    private static Optional<Endpoint> newest(List<ContainerState> containers, Env env, boolean canary) {
        return containers.stream()
                .filter(c -> env.tag().equals(c.label(Labels.ENV)) && Labels.isCanary(c.labels()) == canary)
                .max(Comparator.comparing(c -> c.startedAt() == null ? Instant.EPOCH : c.startedAt()))
                .map(Endpoint::of);
    }
}
