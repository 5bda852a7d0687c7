package com.larkops.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a Swarm service should be: a digest-pinned image, the larkops labels (on the service and on its
 * tasks' containers), replicas, placement, the health check that gates the rolling update, and how the
 * update rolls (start-first, {@code parallelism} at a time, monitored, rolled back by the engine on failure).
 *
 * @param healthTest the engine's form ({@code ["CMD", …]} or {@code ["CMD-SHELL", "…"]}); empty = the image's HEALTHCHECK
 * @param memoryBytes each task's hard memory limit, or null for none
 * @param cpus        each task's CPU limit in cores, or null for none
 * @param binds       bind mounts {@code /host:/container[:ro|:rw]}, the host path on whichever node runs the task
 */
public record SwarmSpec(String name, String image, Map<String, String> labels, List<String> env, int replicas, int parallelism,
                        List<String> constraints, List<String> healthTest, Duration healthInterval, Duration healthTimeout, int healthRetries,
                        Duration healthStartPeriod, Duration monitor, Duration stopGrace, Long memoryBytes, Double cpus,
                        List<String> binds) {
    public SwarmSpec {
        if (!image.contains("@sha256:")) {
            throw new IllegalArgumentException("a Swarm service image must be pinned to a digest, not '" + image + "'");
        }
        labels = Map.copyOf(labels);
        env = List.copyOf(env);
        constraints = List.copyOf(constraints);
        healthTest = List.copyOf(healthTest);
        binds = binds == null ? List.of() : List.copyOf(binds);
        ContainerSpec.requireResources(memoryBytes, cpus, binds);
    }

    /** Without limits or mounts. */
    public SwarmSpec(String name, String image, Map<String, String> labels, List<String> env, int replicas, int parallelism,
                     List<String> constraints, List<String> healthTest, Duration healthInterval, Duration healthTimeout, int healthRetries,
                     Duration healthStartPeriod, Duration monitor, Duration stopGrace) {
        this(name, image, labels, env, replicas, parallelism, constraints, healthTest, healthInterval, healthTimeout, healthRetries,
                healthStartPeriod, monitor, stopGrace, null, null, List.of());
    }
}
