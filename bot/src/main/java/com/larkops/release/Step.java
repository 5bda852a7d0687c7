package com.larkops.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a {@link Plan}. Steps are data (stored with an approval as JSON); {@link PlanExecutor} is
 * the only thing that runs them. A step may carry a {@link Check}, evaluated just before it runs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "step")
@JsonSubTypes({@JsonSubTypes.Type(Step.Pull.class), @JsonSubTypes.Type(Step.Create.class), @JsonSubTypes.Type(Step.Detach.class),
        @JsonSubTypes.Type(Step.Start.class), @JsonSubTypes.Type(Step.AwaitHealthy.class), @JsonSubTypes.Type(Step.Route.class),
        @JsonSubTypes.Type(Step.Retire.class), @JsonSubTypes.Type(Step.RetireLater.class), @JsonSubTypes.Type(Step.Stop.class),
        @JsonSubTypes.Type(Step.Remove.class), @JsonSubTypes.Type(Step.MoveTag.class),
        @JsonSubTypes.Type(Step.DeleteManifest.class), @JsonSubTypes.Type(Step.DeleteAttachment.class),
        @JsonSubTypes.Type(Step.RemoveImage.class),
        @JsonSubTypes.Type(Step.UpdateService.class), @JsonSubTypes.Type(Step.AwaitConverged.class),
        @JsonSubTypes.Type(Step.RestoreService.class)})
@JsonIgnoreProperties(value = {"irreversible", "onFailure", "undo", "label"}, allowGetters = false)
public sealed interface Step {
    /** English: the audit log, the logs, the plan's stored print. */
    String describe();

    /** What a card shows for this step, in every language; its English is {@link #describe()}. */
    default com.larkops.i18n.Text label() {
        return com.larkops.i18n.Text.verbatim(describe());
    }

    /**
     * Whether the step changes something a plain undo cannot put back (traffic moved, a container stopped
     * or removed, a tag moved, a manifest deleted). The first one that completes is the cut-over: from then
     * on nothing is undone.
     */
    default boolean irreversible() {
        return true;
    }

    /** What a failure of this step does to the plan. */
    enum OnFailure {
        /** Undo the reversible steps done so far and stop (after the cut-over: just stop). */
        UNDO,
        /** Stop here; nothing is undone. */
        STOP,
        /** Note it as a warning and go on with the next step. */
        WARN
    }

    default OnFailure onFailure() {
        return irreversible() ? OnFailure.WARN : OnFailure.UNDO;
    }

    /** Checked just before the step runs. */
    default Check check() {
        return Check.ALWAYS;
    }

    /** What puts things back when a later step fails before the cut-over. */
    default Optional<Step> undo() {
        return Optional.empty();
    }

    record Pull(String image) implements Step {
        public String describe() {
            return "pull " + image;
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.pull", image);
        }

        @Override
        public boolean irreversible() {
            return false;
        }
    }

    /** Limits and the env file path are plan data; the env file's values are read only when the step runs. */
    record Create(String container, String image, Map<String, String> labels, String network, String envFile,
                  Long memoryBytes, Double cpus, List<String> volumes, List<String> groupAdd) implements Step {
        public Create {
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
            groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd); // null in plans stored before group_add
        }

        public Create(String container, String image, Map<String, String> labels, String network, String envFile,
                      Long memoryBytes, Double cpus, List<String> volumes) {
            this(container, image, labels, network, envFile, memoryBytes, cpus, volumes, List.of());
        }

        public static Create of(String container, String image, Map<String, String> labels, ServiceConfig service, String network) {
            return new Create(container, image, labels, network, service.envFile().map(Object::toString).orElse(null),
                    service.memoryBytes().orElse(null), service.cpus().orElse(null), service.volumes(), service.groupAdd());
        }

        public String describe() {
            return "create " + container + (envFile != null ? " (env from " + envFile + ")" : "");
        }

        @Override
        public com.larkops.i18n.Text label() {
            return envFile != null ? com.larkops.i18n.Msg.of("release.step.create_env", container, envFile) : com.larkops.i18n.Msg.of("release.step.create", container);
        }

        @Override
        public boolean irreversible() {
            return false;
        }

        @Override
        public Optional<Step> undo() {
            return Optional.of(new Remove(container, "undo: it never served"));
        }
    }

    /** Takes a kept container off the service aliases so it gets no traffic before it is healthy again. */
    record Detach(String container, String network) implements Step {
        public String describe() {
            return "detach " + container + " from the service alias";
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.detach", container);
        }

        @Override
        public boolean irreversible() {
            return false;
        }
    }

    record Start(String container) implements Step {
        public String describe() {
            return "start " + container;
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.start", container);
        }

        @Override
        public boolean irreversible() {
            return false;
        }

        @Override
        public Optional<Step> undo() {
            return Optional.of(new Stop(container, Duration.ofSeconds(5), "undo"));
        }
    }

    record AwaitHealthy(String container, int port, String path, Duration timeout, String network) implements Step {
        public String describe() {
            return "wait until " + container + " is healthy (" + path + ", timeout " + com.larkops.model.DurationText.format(timeout) + ")";
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.await_healthy", container, path, com.larkops.model.DurationText.format(timeout));
        }

        @Override
        public boolean irreversible() {
            return false;
        }
    }

    record Route(String container, String network, List<String> aliases) implements Step {
        public String describe() {
            return "route " + String.join(", ", aliases) + " → " + container;
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.route", String.join(", ", aliases), container);
        }

        /** A failed re-route leaves the old container serving: undo the new one. */
        @Override
        public OnFailure onFailure() {
            return OnFailure.UNDO;
        }
    }

    /** Stops the container that served before; it is kept (stopped) for a rollback. */
    record Retire(String container, Duration grace) implements Step {
        public String describe() {
            return "stop " + container + " (kept for rollback)";
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.retire", container);
        }
    }

    /**
     * Stops the bot's own container (a self-deploy) a little later on another thread: the plan, the release
     * record and the reply finish first; then the engine's SIGTERM drains this bot while the new one serves.
     */
    record RetireLater(String container, Duration grace, Duration headStart) implements Step {
        public String describe() {
            return "stop " + container + " (this bot; after the reply, kept for rollback)";
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.retire_later", container);
        }
    }

    /** Stops a container for another reason than retiring it (crash recovery, undo). */
    record Stop(String container, Duration grace, String why) implements Step {
        public String describe() {
            return "stop " + container + " (" + why + ")";
        }
    }

    record Remove(String container, String why, Check check) implements Step {
        public Remove {
            why = why == null ? "beyond the kept stopped containers" : why; // plans stored before steps had a reason
            check = check == null ? Check.ALWAYS : check;
        }

        public Remove(String container) {
            this(container, "beyond the kept stopped containers", Check.ALWAYS);
        }

        public Remove(String container, String why) {
            this(container, why, Check.ALWAYS);
        }

        public String describe() {
            return "remove " + container + " (" + why + ")";
        }
    }

    /** Points the registry's env tag ({@code staging}, {@code prod}) at the digest that now serves there. */
    record MoveTag(String repository, Digest digest, String tag) implements Step {
        public String describe() {
            return "move tag " + repository + ":" + tag + " → " + digest.shortForm();
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.move_tag", repository + ":" + tag, digest.shortForm());
        }
    }

    /** Deletes a manifest (and so every tag pointing at it) from the registry. */
    record DeleteManifest(String repository, Digest digest, List<String> tags, Check check) implements Step {
        public DeleteManifest {
            tags = List.copyOf(tags);
            check = check == null ? Check.ALWAYS : check;
        }

        public String describe() {
            return "delete " + repository + "@" + digest.value() + " " + tags;
        }

        /** A deletion that fails (not "already gone") means the registry misbehaves: delete nothing more. */
        @Override
        public OnFailure onFailure() {
            return OnFailure.STOP;
        }
    }

    /**
     * Deletes a manifest attached to digests (a signature, attestation, referrers index or referrer) from the
     * registry, with every tag pointing at it; planned after the deletion of its subjects.
     */
    record DeleteAttachment(String repository, Digest digest, String kind, List<String> tags, List<Digest> subjects,
                            Check check) implements Step {
        public DeleteAttachment {
            tags = List.copyOf(tags);
            subjects = List.copyOf(subjects);
            check = check == null ? Check.ALWAYS : check;
        }

        public String describe() {
            return "delete " + kind + " " + repository + "@" + digest.value() + " " + tags + " of "
                    + String.join(", ", subjects.stream().map(Digest::shortForm).toList());
        }

        /** As for a manifest: a deletion that fails (not "already gone") means the registry misbehaves. */
        @Override
        public OnFailure onFailure() {
            return OnFailure.STOP;
        }
    }

    /** Removes local image references from the host; the engine refuses while any container uses the image. */
    record RemoveImage(List<String> refs, Check check) implements Step {
        public RemoveImage {
            refs = List.copyOf(refs);
            check = check == null ? Check.ALWAYS : check;
        }

        public String describe() {
            return "remove image " + String.join(", ", refs);
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.remove_image", String.join(", ", refs));
        }
    }

    /**
     * Swarm: create the service or roll it to {@code image} (pinned), start-first, {@code parallelism} tasks at
     * a time, gated on the health check, rolled back by the engine when a task fails. The env file's values
     * are read only when the step runs. Undone by {@link RestoreService}.
     */
    record UpdateService(String service, String image, Map<String, String> labels, String envFile, int replicas,
                         int parallelism, List<String> constraints, List<String> healthTest, Duration healthInterval,
                         Duration healthTimeout, int healthRetries, Duration healthStartPeriod, Duration monitor,
                         Duration stopGrace, String previousImage, Long memoryBytes, Double cpus, List<String> volumes) implements Step {
        public UpdateService {
            constraints = constraints == null ? List.of() : List.copyOf(constraints);
            healthTest = healthTest == null ? List.of() : List.copyOf(healthTest);
            volumes = volumes == null ? List.of() : List.copyOf(volumes); // plans stored before Swarm took volumes
        }

        public String describe() {
            return "update Swarm service " + service + " to " + image + " (" + replicas + " replica(s), start-first, "
                    + parallelism + " at a time, health-gated, engine rolls back on failure"
                    + (constraints.isEmpty() ? "" : ", on " + String.join(" & ", constraints))
                    + (memoryBytes == null ? "" : ", memory " + memoryBytes + " bytes")
                    + (cpus == null ? "" : ", cpus " + cpus)
                    + (volumes.isEmpty() ? "" : ", volumes " + String.join(" ", volumes)) + ")";
        }

        @Override
        public com.larkops.i18n.Text label() {
            List<com.larkops.i18n.Text> more = new java.util.ArrayList<>();
            if (!constraints.isEmpty()) {
                more.add(com.larkops.i18n.Msg.of("release.step.update_service.on", String.join(" & ", constraints)));
            }
            if (memoryBytes != null) {
                more.add(com.larkops.i18n.Msg.of("release.step.update_service.memory", String.valueOf(memoryBytes)));
            }
            if (cpus != null) {
                more.add(com.larkops.i18n.Msg.of("release.step.update_service.cpus", String.valueOf(cpus)));
            }
            if (!volumes.isEmpty()) {
                more.add(com.larkops.i18n.Msg.of("release.step.update_service.volumes", String.join(" ", volumes)));
            }
            return com.larkops.i18n.Msg.of("release.step.update_service", service, image, replicas, parallelism,
                    com.larkops.i18n.Text.concat(more.toArray(com.larkops.i18n.Text[]::new)));
        }

        @Override
        public boolean irreversible() {
            return false;
        }

        @Override
        public Optional<Step> undo() {
            return Optional.of(new RestoreService(service, previousImage));
        }
    }

    /** Swarm: wait until the update settles (UpdateStatus) and every running task is on {@code digest}; the cut-over. */
    record AwaitConverged(String service, String digest, String previousImage, Duration timeout) implements Step {
        public String describe() {
            return "wait until every task of " + service + " runs " + digest.substring(0, Math.min(19, digest.length()))
                    + " (timeout " + com.larkops.model.DurationText.format(timeout) + ")";
        }

        @Override
        public com.larkops.i18n.Text label() {
            return com.larkops.i18n.Msg.of("release.step.await_converged", service, digest.substring(0, Math.min(19, digest.length())),
                    com.larkops.model.DurationText.format(timeout));
        }

        @Override
        public OnFailure onFailure() {
            return OnFailure.UNDO;
        }
    }

    /** Swarm: the service back on {@code previousImage} (the engine's rollback), or removed when there was none. */
    record RestoreService(String service, String previousImage) implements Step {
        public String describe() {
            return previousImage == null ? "remove the new Swarm service " + service
                    : "put Swarm service " + service + " back on " + previousImage;
        }

        @Override
        public com.larkops.i18n.Text label() {
            return previousImage == null ? com.larkops.i18n.Msg.of("release.step.restore_service_remove", service)
                    : com.larkops.i18n.Msg.of("release.step.restore_service", service, previousImage);
        }
    }
}
