package com.larkops.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.larkops.config.ServiceConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link Plan}. Steps are data (stored with an approval as JSON); {@link PlanExecutor} is
 * the only thing that runs them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "step")
@JsonSubTypes({@JsonSubTypes.Type(Step.Pull.class), @JsonSubTypes.Type(Step.Create.class), @JsonSubTypes.Type(Step.Detach.class),
        @JsonSubTypes.Type(Step.Start.class), @JsonSubTypes.Type(Step.AwaitHealthy.class), @JsonSubTypes.Type(Step.Route.class),
        @JsonSubTypes.Type(Step.Retire.class), @JsonSubTypes.Type(Step.Remove.class),
        @JsonSubTypes.Type(Step.UpdateService.class), @JsonSubTypes.Type(Step.AwaitConverged.class)})
@JsonIgnoreProperties(value = {"changesTraffic"}, allowGetters = false)
public sealed interface Step {
    String describe();

    /** Before this step nothing serving has changed; a failure before routing leaves the old container live. */
    default boolean changesTraffic() {
        return false;
    }

    record Pull(String image) implements Step {
        public String describe() {
            return "pull " + image;
        }
    }

    /** Limits and the env file path are plan data; the env file's values are read only when the step runs. */
    record Create(String container, String image, Map<String, String> labels, String network, String envFile,
                  Long memoryBytes, Double cpus, List<String> volumes) implements Step {
        public Create {
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
        }

        public static Create of(String container, String image, Map<String, String> labels, ServiceConfig service, String network) {
            return new Create(container, image, labels, network, service.envFile().map(Object::toString).orElse(null),
                    service.memoryBytes().orElse(null), service.cpus().orElse(null), service.volumes());
        }

        public String describe() {
            return "create " + container + (envFile != null ? " (env from " + envFile + ")" : "");
        }
    }

    /** Takes a kept container off the service aliases so it gets no traffic before it is healthy again. */
    record Detach(String container, String network) implements Step {
        public String describe() {
            return "detach " + container + " from the service alias";
        }
    }

    record Start(String container) implements Step {
        public String describe() {
            return "start " + container;
        }
    }

    record AwaitHealthy(String container, int port, String path, Duration timeout, String network) implements Step {
        public String describe() {
            return "wait until " + container + " is healthy (" + path + ", timeout " + com.larkops.model.DurationText.format(timeout) + ")";
        }
    }

    record Route(String container, String network, List<String> aliases) implements Step {
        public String describe() {
            return "route " + String.join(", ", aliases) + " → " + container;
        }

        @Override
        public boolean changesTraffic() {
            return true;
        }
    }

    record Retire(String container, Duration grace) implements Step {
        public String describe() {
            return "stop " + container + " (kept for rollback)";
        }

        @Override
        public boolean changesTraffic() {
            return true;
        }
    }

    record Remove(String container) implements Step {
        public String describe() {
            return "remove " + container + " (beyond the kept stopped containers)";
        }

        @Override
        public boolean changesTraffic() {
            return true;
        }
    }

    /**
     * Swarm: create the service or roll it to {@code image} (pinned), start-first, {@code parallelism} tasks at
     * a time, gated on the health check, rolled back by the engine when a task fails. The env file's values
     * are read only when the step runs.
     */
    record UpdateService(String service, String image, Map<String, String> labels, String envFile, int replicas,
                         int parallelism, List<String> constraints, List<String> healthTest, Duration healthInterval,
                         Duration healthTimeout, int healthRetries, Duration healthStartPeriod, Duration monitor, Duration stopGrace) implements Step {
        public UpdateService {
            constraints = constraints == null ? List.of() : List.copyOf(constraints);
            healthTest = healthTest == null ? List.of() : List.copyOf(healthTest);
        }

        public String describe() {
            return "update Swarm service " + service + " to " + image + " (" + replicas + " replica(s), start-first, "
                    + parallelism + " at a time, health-gated, engine rolls back on failure"
                    + (constraints.isEmpty() ? "" : ", on " + String.join(" & ", constraints)) + ")";
        }
    }

    /**
     * Swarm: wait until the update settles (UpdateStatus) and every running task is on {@code digest}. Live
     * from here on; on failure the service must be back on {@code previousImage} (the engine's rollback, else
     * ours), or removed when there was none.
     */
    record AwaitConverged(String service, String digest, String previousImage, Duration timeout) implements Step {
        public String describe() {
            return "wait until every task of " + service + " runs " + digest.substring(0, Math.min(19, digest.length()))
                    + " (timeout " + com.larkops.model.DurationText.format(timeout) + ")";
        }

        @Override
        public boolean changesTraffic() {
            return true;
        }
    }
}
