package com.larkops.runtime;

import com.larkops.model.Env;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine as larkops needs it: the only door to containers, images and networks on the host.
 * Planners never call it; the plan executor does. Every failure is a {@link RuntimeUnavailableException}
 * (engine not reachable) or a {@link RuntimeOperationException} (the engine refused), never a docker-java type.
 */
public interface ContainerRuntime {

    /** Throws {@link RuntimeUnavailableException} when the engine does not answer. */
    void ping();

    /** Whether the image is present locally; {@code imageRef} like {@code 127.0.0.1:5000/skills/echo@sha256:…}. */
    boolean hasImage(String imageRef);

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

    /** Every container, running or stopped, carrying the {@code larkops.service} label. */
    List<ContainerState> listManaged();

    /**
     * The containers of one service in one env, running or stopped, from one listing: an engine filters by
     * label itself, so a deploy pays for its own few containers, not for every managed container on the host.
     * A listing may leave start and finish times, exit code and health unknown (null): {@link #inspect} them
     * when they matter.
     */
    default List<ContainerState> listManaged(String service, Env env) {
        return listManaged().stream().filter(c -> c.isOf(service, env)).toList();
    }

    Optional<ContainerState> inspect(String containerIdOrName);

    /** The last {@code lines} lines of stdout and stderr, interleaved as the engine stored them. */
    String logTail(String containerId, int lines);

    /** The container's IPv4 address on that network, empty when it is not attached, not running, or gone. */
    Optional<String> ipOn(String containerId, String network);

    /** The DNS aliases the container has on the network (empty when not attached). */
    List<String> aliasesOn(String containerId, String network);

    /**
     * The container's state, address and aliases on {@code network} in one look (a health gate's poll); empty
     * when it is gone. The default asks three times; an engine adapter answers from one inspect.
     */
    default Optional<ContainerView> inspectOn(String containerIdOrName, String network) {
        return inspect(containerIdOrName).map(s -> new ContainerView(s, ipOn(containerIdOrName, network).orElse(null),
                aliasesOn(containerIdOrName, network)));
    }

    /** Whether the image declares a HEALTHCHECK (one that is not {@code NONE}). */
    boolean imageHasHealthcheck(String imageRef);

    /** Removes a local image reference; refuses with {@link RuntimeOperationException} while any container (even stopped) uses the image. */
    void removeImage(String imageRef);

    /**
     * Local images with a tag or digest reference in {@code repository} ({@code host/repo}, as in image references);
     * only those references are listed. Throws {@link RuntimeUnavailableException} when the engine does not answer.
     */
    default List<LocalImage> localImages(String repository) {
        throw new RuntimeOperationException("this runtime cannot list local images");
    }

    // Swarm services (runtime: swarm). The Docker adapter has none; the Swarm adapter implements these.

    /** The Swarm service of that name, empty when there is none. */
    default Optional<SwarmService> swarmService(String name) {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }

    /** Creates the service, or updates it to {@code spec} (a rolling update as the spec says); registry auth is forwarded. */
    default void applySwarmService(SwarmSpec spec) {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }

    /** Asks the engine to put the service back on its one kept previous spec ({@code rollback=previous}). */
    default void rollbackSwarmService(String name) {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }

    /** Removes the service and its tasks; a missing one is a no-op. */
    default void removeSwarmService(String name) {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }

    /** The service's tasks the orchestrator still tracks (current and recent), newest first. */
    default List<SwarmTask> swarmTasks(String serviceName) {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }

    default List<SwarmNode> swarmNodes() {
        throw new RuntimeOperationException("this engine runs containers, not Swarm services (runtime: docker)");
    }
}
