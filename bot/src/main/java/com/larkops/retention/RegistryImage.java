package com.larkops.retention;

import com.larkops.model.Digest;

import java.time.Instant;
import java.util.List;

/**
 * One manifest in a repository as the registry reports it: its digest and every tag pointing at it
 * (none for an untagged manifest larkops still knows of).
 *
 * @param created when the image was built (from its config), null when the registry did not say
 * @param size    config plus layers in bytes, null when unknown
 */
public record RegistryImage(String repository, Digest digest, List<String> tags, Instant created, Long size) {
    public RegistryImage {
        tags = List.copyOf(tags);
    }

    public boolean untagged() {
        return tags.isEmpty();
    }
}
