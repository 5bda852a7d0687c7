package com.larkops.runtime;

import java.time.Instant;
import java.util.List;

/**
 * An image stored on this host as the engine lists it.
 *
 * @param id          the local image id ({@code sha256:…} of the config), what {@link ContainerState#imageId()} holds
 * @param repoTags    {@code host/repo:tag} references (empty for an image pulled by digest)
 * @param repoDigests {@code host/repo@sha256:…} references: the registry digests it was pulled or pushed as
 * @param created     when it was built, null when unknown
 * @param size        bytes on disk as the engine reports them
 */
public record LocalImage(String id, List<String> repoTags, List<String> repoDigests, Instant created, long size) {
    public LocalImage {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }
}
