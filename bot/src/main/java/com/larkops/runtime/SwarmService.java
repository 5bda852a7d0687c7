package com.larkops.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A Swarm service as the manager reports it.
 *
 * @param updateState the engine's UpdateStatus.State (updating, paused, completed, rollback_started,
 *                    rollback_paused, rollback_completed) or empty when the service was never updated
 * @param previousImage the image of the engine's one kept previous spec, if any
 * @param updateStartedAt when the engine started the update (or rollback) that {@code updateState} is about
 */
public record SwarmService(String id, String name, long version, String image, Map<String, String> labels, int replicas,
                           Optional<String> updateState, String updateMessage, Optional<String> previousImage,
                           Optional<Instant> updateStartedAt) {
    public SwarmService {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        updateStartedAt = updateStartedAt == null ? Optional.empty() : updateStartedAt;
    }

    public SwarmService(String id, String name, long version, String image, Map<String, String> labels, int replicas,
                        Optional<String> updateState, String updateMessage, Optional<String> previousImage) {
        this(id, name, version, image, labels, replicas, updateState, updateMessage, previousImage, Optional.empty());
    }

    /** An update is done (one way or the other) when the engine says so, or when there never was one. */
    public boolean settled() {
        return updateState.isEmpty() || !(updateState.get().equals("updating") || updateState.get().equals("rollback_started"));
    }
}
