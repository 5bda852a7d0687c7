package com.larkops.app;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.runtime.SocketGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the bot's own surroundings must give it, each as one line that says what to do when it does not: a data
 * dir it can write, the engine socket, the env files it injects, a registry address its managed bot can reach.
 * The bot's image runs as uid 10001; these are the first things a new operator of a bot in a container meets.
 */
final class Surroundings {
    private Surroundings() {
    }

    /** Whether this process runs in a container (the engine's marker file, or a container cgroup). */
    static boolean inContainer() {
        if (Files.exists(Path.of("/.dockerenv"))) {
            return true;
        }
        try {
            String cgroup = Files.readString(Path.of("/proc/1/cgroup"));
            return cgroup.contains("docker") || cgroup.contains("containerd") || cgroup.contains("kubepods") || cgroup.contains("libpod");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** This process's uid (from /proc), or its user name where /proc says nothing. */
    static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "uid " + line.substring(4).strip().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the name says enough
        }
        return "user " + System.getProperty("user.name");
    }

    /** Empty when the bot can create its database in {@code dir}; else what to do, in one line. */
    static Optional<String> dataDirProblem(Path dir) {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
            Path probe = Files.createTempFile(abs, ".larkops", ".probe");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            String who = uid();
            String number = who.startsWith("uid ") ? who.substring(4) : "<the bot's uid>";
            return Optional.of("data dir " + abs + " is not writable by " + who + ": "
                    + (inContainer() ? "use a named volume (-v larkops-data:" + abs + ", which takes the image's owner) or chown "
                    + number + " the host folder mounted there" : "chown " + number + " " + abs + ", or set LARKOPS_DATA_DIR to a folder it can write"));
        }
    }

    /** Empty when the engine's unix socket (if DOCKER_HOST is one) can be read and written by this process. */
    static Optional<String> socketProblem(String dockerHost) {
        Optional<String> path = SocketGroup.unixPath(dockerHost);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path socket = Path.of(path.get());
        if (!Files.exists(socket)) {
            return Optional.of("engine socket " + socket + " does not exist here: "
                    + (inContainer() ? "mount it into the bot's container (-v /var/run/docker.sock:" + socket + ")" : "start the engine"));
        }
        if (Files.isReadable(socket) && Files.isWritable(socket)) {
            return Optional.empty();
        }
        String gid = SocketGroup.gidOf(socket).map(String::valueOf).orElse("<its group>");
        return Optional.of("engine socket " + socket + " is not accessible by " + uid() + " (owned by gid " + gid + "): "
                + (inContainer() ? "add the socket's group to the bot's container (group_add: [\"" + gid + "\"]; larkops adds it itself "
                + "to a service it deploys that mounts the socket)" : "run as root, or add this user to the socket's group"));
    }

    /** Empty when the service's env file can be read from the bot's filesystem (where the bot reads it at each deploy). */
    static Optional<String> envFileProblem(ServiceConfig service) {
        return service.envFile().filter(f -> !Files.isReadable(f)).map(f -> "env file " + f + " of service " + service.name()
                + (Files.exists(f) ? " is not readable by " + uid() : " does not exist on the bot's filesystem")
                + (inContainer() ? ": mount it into the bot's container at the same path (volumes: [\"" + f + ":" + f + ":ro\"])"
                : ": create it, or fix services." + service.name() + ".env_file"));
    }

    /** Whether {@code registry} (host[:port]) names this machine's loopback. */
    static boolean loopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, Math.max(1, registry.indexOf(']')))
                : registry.contains(":") && registry.indexOf(':') == registry.lastIndexOf(':') ? registry.substring(0, registry.indexOf(':'))
                : registry;
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The line for a loopback registry that a bot in a container cannot reach. */
    static String loopbackLine(String registry) {
        return "registry " + registry + " is loopback: a bot in a container cannot reach it; use an address that resolves "
                + "from the bot's network (the registry container's name on that network, or the host's LAN address)";
    }

    /** A managed service that mounts the engine socket: a bot larkops deploys (its own service), which needs what the bot needs. */
    static Optional<ServiceConfig> managedBot(LarkopsConfig config, String dockerHost) {
        return config.services().values().stream()
                .filter(s -> SocketGroup.mountedSocket(s.volumes(), dockerHost).isPresent()).findFirst();
    }
}
