package com.larkops.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The change port of the engine: containers, images and networks on the host. Only {@code release/PlanExecutor}
 * is handed one (the architecture test holds every other class to {@link RuntimeReads}). Failures as there.
 */
public interface RuntimeChanges {

    /** Pulls a digest-pinned reference; a no-op when it is already present. A missing digest is an {@link ImageNotFoundException}. */
    void pull(String imageRef);

    /** Makes sure a user-defined bridge network of that name exists; its DNS is what makes aliases work. */
    void ensureNetwork(String name);

    /** Creates (does not start) a container; returns its id. */
    String create(ContainerSpec spec);

    /** Starts a container; starting a running one is a no-op. */
    void start(String containerId);

    /** SIGTERM, then SIGKILL after {@code grace} (whole seconds); stopping a stopped one is a no-op. */
    void stop(String containerId, Duration grace);

    /** Force-removes a container (running or not) with its anonymous volumes; a missing one is a no-op. */
    void remove(String containerId);

    /** Attaches a container to a network under the given DNS aliases (the service names traffic follows). */
    void connect(String containerId, String network, List<String> aliases);

    /** Detaches a container from a network; its aliases stop resolving to it at once. */
    void disconnect(String containerId, String network);

    /** Removes a local image reference; refuses with {@link RuntimeOperationException} while any container (even stopped) uses the image. */
    void removeImage(String imageRef);
}
