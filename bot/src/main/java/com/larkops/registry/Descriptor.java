package com.larkops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.Digest;

/**
 * A pointer from a manifest to a blob or to another manifest: what it is, its digest, its size,
 * and for the entries of an index the platform it was built for ({@code os}/{@code architecture},
 * null when not stated).
 */
public record Descriptor(String mediaType, Digest digest, long size, String os, String architecture) {

    static Descriptor from(JsonNode node) {
        JsonNode platform = node.path("platform");
        return new Descriptor(
                node.path("mediaType").asText(null),
                Digest.parse(node.path("digest").asText(null)),
                node.path("size").asLong(0),
                platform.path("os").asText(null),
                platform.path("architecture").asText(null));
    }

    boolean isPlatform(String os, String architecture) {
        return os.equals(this.os) && architecture.equals(this.architecture);
    }
}
