package com.larkops.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A container that mounts the engine's socket needs the socket's group to use it (the bot's own image runs as
 * uid 10001, not root): larkops adds the socket's owning gid, as seen from its own filesystem, to the groups
 * the container joins. The socket is {@code /var/run/docker.sock} (or {@code /run/docker.sock}) or the path of
 * a {@code unix://} {@code DOCKER_HOST}.
 */
public final class SocketGroup {
    private static final List<String> DEFAULT_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");

    private SocketGroup() {
    }

    /** {@code groupAdd} plus the socket's gid when one of {@code binds} mounts the engine socket and its gid can be read. */
    public static List<String> withSocketGroup(List<String> groupAdd, List<String> binds, String dockerHost) {
        Optional<String> socket = mountedSocket(binds, dockerHost);
        if (socket.isEmpty()) {
            return groupAdd;
        }
        Optional<Integer> gid = gidOf(Path.of(socket.get())).or(() -> unixPath(dockerHost).flatMap(p -> gidOf(Path.of(p))));
        if (gid.isEmpty()) {
            return groupAdd;
        }
        Set<String> all = new LinkedHashSet<>(groupAdd);
        all.add(String.valueOf(gid.get()));
        return new ArrayList<>(all);
    }

    /** The host path of the engine socket when {@code binds} mounts it. */
    public static Optional<String> mountedSocket(List<String> binds, String dockerHost) {
        List<String> sockets = new ArrayList<>(DEFAULT_SOCKETS);
        unixPath(dockerHost).ifPresent(sockets::add);
        return binds.stream().map(b -> b.split(":", 2)[0]).filter(sockets::contains).findFirst();
    }

    /** The socket path of a {@code unix://} endpoint. */
    public static Optional<String> unixPath(String dockerHost) {
        String host = dockerHost == null || dockerHost.isBlank() ? DockerClients.DEFAULT_HOST : dockerHost;
        return host.startsWith("unix://") ? Optional.of(host.substring("unix://".length())) : Optional.empty();
    }

    /** The owning gid of {@code path}, when this filesystem has it and says (POSIX only). */
    public static Optional<Integer> gidOf(Path path) {
        try {
            return Files.exists(path) ? Optional.of((Integer) Files.getAttribute(path, "unix:gid")) : Optional.empty();
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
