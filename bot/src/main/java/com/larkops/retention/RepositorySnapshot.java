package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.runtime.LocalImage;

import java.util.List;

/**
 * What one managed repository holds, read once: the registry's manifests and this host's local images of it.
 *
 * @param services    the configured services whose images live here (usually one)
 * @param policy      their retention policy (the widest, when several share the repository)
 * @param images      image manifests only: signature and referrers tags are never versions
 * @param attachments signatures and other manifests attached to digests, kept apart from the images
 */
public record RepositorySnapshot(String repository, List<String> services, RetentionPolicy policy,
                                 List<RegistryImage> images, List<LocalImage> localImages, List<RegistryAttachment> attachments) {
    public RepositorySnapshot {
        services = List.copyOf(services);
        images = List.copyOf(images);
        localImages = List.copyOf(localImages);
        attachments = List.copyOf(attachments);
    }

    public RepositorySnapshot(String repository, List<String> services, RetentionPolicy policy,
                              List<RegistryImage> images, List<LocalImage> localImages) {
        this(repository, services, policy, images, localImages, List.of());
    }
}
