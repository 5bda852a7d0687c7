package com.larkops.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one service runs on Swarm ({@code runtime: swarm}): replicas, how many tasks an update replaces at
 * once, placement constraints, and the health check that gates the rolling update.
 *
 * @param healthTest the engine's form: {@code ["CMD", …]} (exec, from a YAML list) or {@code ["CMD-SHELL", "…"]}
 *                   (from a string, needs /bin/sh in the image); empty = the image's own HEALTHCHECK ({@code health_cmd: image})
 */
public record SwarmServiceConfig(int replicas, int updateParallelism, List<String> constraints, List<String> healthTest,
                                 Duration healthInterval, int healthRetries, Duration healthStartPeriod) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_START_PERIOD = Duration.ofSeconds(5);

    public SwarmServiceConfig {
        constraints = List.copyOf(constraints);
        healthTest = List.copyOf(healthTest);
    }

    /**
     * How long the engine watches each updated task before the next batch: a task can only fail its health
     * check after the start period plus {@code retries} failed probes (each up to interval + probe timeout),
     * so the monitor window is at least that, plus one probe of slack.
     */
    public Duration monitor() {
        return healthStartPeriod.plus(healthInterval.plus(probeTimeout()).multipliedBy(healthRetries + 1L));
    }

    /** How long one probe may take: a busy node runs an exec probe slowly, and a slow probe is not a failed task. */
    public Duration probeTimeout() {
        Duration floor = Duration.ofSeconds(3);
        return healthInterval.compareTo(floor) > 0 ? healthInterval : floor;
    }

    /** Batches × (pull slack + monitor) for the update, and as much again for the engine's rollback. */
    public Duration convergeTimeout(Duration healthTimeout) {
        long batches = (replicas + updateParallelism - 1) / updateParallelism;
        Duration perBatch = monitor().plus(healthTimeout);
        return perBatch.multipliedBy(batches * 2).plusSeconds(30);
    }

    public Optional<String> healthDescription() {
        return healthTest.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", healthTest));
    }
}
