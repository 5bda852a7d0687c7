package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.runtime.LocalImage;

import java.util.List;

/**
 * What one managed repository holds, read once: the registry's manifests and this host's local images of it.
 *
 * @param services the configured services whose images live here (usually one)
 * @param policy   their retention policy (the widest, when several share the repository)
 */
public record RepositorySnapshot(String repository, List<String> services, RetentionPolicy policy,
                                 List<RegistryImage> images, List<LocalImage> localImages) {
    public RepositorySnapshot {
        services = List.copyOf(services);
        images = List.copyOf(images);
        localImages = List.copyOf(localImages);
    }
}
