package com.larkops.runtime;

import com.larkops.model.ServiceName;
import com.larkops.model.Env;

import java.util.List;
import java.util.Optional;

/**
 * The read port of the engine: what runs, its state, address, aliases and logs, and which images are local.
 * Everyone may hold it; changes go through {@link RuntimeChanges}, which only the plan executor is handed.
 * Every failure is a {@link RuntimeUnavailableException} (engine not reachable) or a
 * {@link RuntimeOperationException} (the engine refused), never a docker-java type.
 */
public interface RuntimeReads {

    /** Throws {@link RuntimeUnavailableException} when the engine does not answer. */
    void ping();

    /** Whether the image is present locally; {@code imageRef} like {@code 127.0.0.1:5000/skills/echo@sha256:…}. */
    boolean hasImage(String imageRef);

    /** Every container, running or stopped, carrying the {@code larkops.service} label. */
    List<ContainerState> listManaged();

    /**
     * The containers of one service in one env, running or stopped, from one listing: an engine filters by
     * label itself, so a deploy pays for its own few containers, not for every managed container on the host.
     * A listing may leave start and finish times, exit code and health unknown (null): {@link #inspect} them
     * when they matter.
     */
    default List<ContainerState> listManaged(ServiceName service, Env env) {
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

    /**
     * Local images with a tag or digest reference in {@code repository} ({@code host/repo}, as in image references);
     * only those references are listed. Throws {@link RuntimeUnavailableException} when the engine does not answer.
     */
    List<LocalImage> localImages(String repository);
}
