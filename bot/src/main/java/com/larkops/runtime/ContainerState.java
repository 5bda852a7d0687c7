package com.larkops.runtime;

import com.larkops.model.ServiceName;
import com.larkops.model.Env;
import com.larkops.model.Labels;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the engine reports it. With the labels this answers "what runs where" even without the database.
 *
 * @param image      the reference the container was created from, as given (digest-pinned for larkops containers)
 * @param imageId    the local image id ({@code sha256:…} of the config), not the registry digest
 * @param status     the engine's word: created, running, restarting, exited, paused, dead
 * @param exitCode   null while it never ran
 * @param startedAt  null when never started
 * @param finishedAt null when never stopped
 * @param health     healthy, unhealthy, starting, or null when the image has no HEALTHCHECK
 * @param restartCount how often the engine restarted it by its restart policy (from an inspect; 0 from a listing)
 */
public record ContainerState(String id, String name, String image, String imageId, Map<String, String> labels,
                             boolean running, String status, Integer exitCode, Instant created, Instant startedAt,
                             Instant finishedAt, String health, boolean oomKilled, int restartCount) {

    public ContainerState {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A state whose restart count is unknown or nought (a listing, a Swarm service, a test's fake). */
    public ContainerState(String id, String name, String image, String imageId, Map<String, String> labels, boolean running,
                          String status, Integer exitCode, Instant created, Instant startedAt, Instant finishedAt, String health,
                          boolean oomKilled) {
        this(id, name, image, imageId, labels, running, status, exitCode, created, startedAt, finishedAt, health, oomKilled, 0);
    }

    /** Whether larkops runs this container for {@code service} in {@code env} (by its labels). */
    public boolean isOf(ServiceName service, Env env) {
        return service.value().equals(label(Labels.SERVICE)) && env.tag().equals(label(Labels.ENV));
    }

    public String label(String key) {
        return labels.get(key);
    }
}
