package com.larkops.release;

import com.larkops.config.DotEnv;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A plan's env values, read once when it starts: what its {@link Step.Create} or {@link Step.UpdateService} injects
 * (the env file the plan names), and everything {@link PlanExecutor} scrubs from what it reports. A file that cannot
 * be read is a {@link com.larkops.config.ConfigException} naming it and the line, never its content.
 */
final class PlanEnv {
    private final Function<String, Optional<Path>> envFileOf;

    /** {@code envFileOf}: a service's configured env file. */
    PlanEnv(Function<String, Optional<Path>> envFileOf) {
        this.envFileOf = envFileOf;
    }

    /** The values the plan's first step with an env file injects; none when no step names one. */
    static Map<String, String> injected(Plan plan) {
        return plan.steps().stream().map(PlanEnv::envFile).flatMap(Optional::stream).findFirst()
                .map(f -> DotEnv.read(Path.of(f))).orElse(Map.of());
    }

    private static Optional<String> envFile(Step step) {
        if (step instanceof Step.Create c) {
            return Optional.ofNullable(c.envFile());
        } else if (step instanceof Step.UpdateService u) {
            return Optional.ofNullable(u.envFile());
        } else {
            return Optional.empty();
        }
    }

    /**
     * Everything to scrub: the injected values and, for a deploy or rollback, the service's configured env file,
     * read on every path — a rollback restarting a kept container has no Create step, but its logs still print them.
     */
    Map<String, String> secrets(Plan plan, Map<String, String> injected) {
        Map<String, String> all = new LinkedHashMap<>(injected);
        if (plan.hasRollout()) {
            envFileOf.apply(plan.target().service()).ifPresent(f -> DotEnv.read(f).forEach(all::putIfAbsent));
        }
        return all;
    }
}
