package com.larkops.runtime;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to create. {@code env} holds resolved {@code KEY=VALUE} entries that may be secrets: they are
 * validated without echoing values, and {@link #toString()} shows keys only, so a spec can be logged.
 *
 * @param network      user-defined network joined at creation, or null for the engine's default bridge
 * @param aliases      DNS names on {@code network}; empty when network is null
 * @param memoryBytes  hard memory limit, or null for none
 * @param cpus         CPU quota in cores (0.5 = half a core), or null for none
 * @param restartPolicy {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}; null means {@code no}
 * @param binds        bind mounts {@code /host:/container[:ro|:rw]}; empty for none
 * @param groupAdd     extra groups (names or numeric gids) the container's process joins; empty for none
 */
public record ContainerSpec(String name, String image, Map<String, String> labels, List<String> env, String network,
                            List<String> aliases, Long memoryBytes, Double cpus, String restartPolicy, List<String> binds,
                            List<String> groupAdd) {

    private static final Pattern BIND = Pattern.compile("/[^:,\\s]*:/[^:,\\s]*(:(ro|rw))?");

    public ContainerSpec(String name, String image, Map<String, String> labels, List<String> env, String network,
                         List<String> aliases, Long memoryBytes, Double cpus, String restartPolicy) {
        this(name, image, labels, env, network, aliases, memoryBytes, cpus, restartPolicy, List.of());
    }

    public ContainerSpec(String name, String image, Map<String, String> labels, List<String> env, String network,
                         List<String> aliases, Long memoryBytes, Double cpus, String restartPolicy, List<String> binds) {
        this(name, image, labels, env, network, aliases, memoryBytes, cpus, restartPolicy, binds, List.of());
    }

    // the engine's own rule for container names
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?");
    private static final Pattern GROUP = Pattern.compile("[0-9]{1,10}|[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[0-9]+)?");
    // below this the engine refuses to create the container (6 MiB)
    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    public ContainerSpec {
        require(name != null && NAME.matcher(name).matches(), "container name '" + name + "' is not valid; use letters, digits, '_', '.', '-'");
        require(image != null && !image.isBlank() && image.strip().equals(image), "image reference is empty or has spaces");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? List.of() : List.copyOf(env);
        for (int i = 0; i < env.size(); i++) {
            String entry = env.get(i);
            int eq = entry.indexOf('=');
            // never put the entry itself in the message: its value may be a secret
            require(eq > 0 && ENV_KEY.matcher(entry.substring(0, eq)).matches(), "env entry #" + (i + 1) + " is not KEY=VALUE");
        }
        require(network == null || !network.isBlank(), "network name is blank");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        require(network != null || aliases.isEmpty(), "aliases need a network");
        for (String alias : aliases) {
            require(ALIAS.matcher(alias).matches(), "alias '" + alias + "' is not a valid DNS name");
        }
        restartPolicy = restartPolicy == null ? "no" : restartPolicy;
        require(RESTART.matcher(restartPolicy).matches(), "restart policy '" + restartPolicy + "' is not one of no, always, unless-stopped, on-failure[:N]");
        binds = binds == null ? List.of() : List.copyOf(binds);
        requireResources(memoryBytes, cpus, binds);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        for (String group : groupAdd) {
            require(group != null && GROUP.matcher(group).matches(), "group '" + group + "' is not a group name or a numeric gid");
        }
    }

    /** Limits and bind mounts as the engine accepts them; a Swarm service spec checks them the same way. */
    static void requireResources(Long memoryBytes, Double cpus, List<String> binds) {
        require(memoryBytes == null || memoryBytes >= MIN_MEMORY, "memory limit " + memoryBytes + " bytes is below the engine's 6 MiB minimum");
        require(cpus == null || (cpus > 0 && cpus <= 1024), "cpus " + cpus + " must be a positive number of cores");
        for (String bind : binds) {
            require(BIND.matcher(bind).matches(), "bind '" + bind + "' is not /host/path:/container/path[:ro|:rw]");
        }
    }

    /** The env keys, safe to show. */
    public List<String> envKeys() {
        return env.stream().map(e -> e.substring(0, e.indexOf('='))).toList();
    }

    @Override
    public String toString() {
        return "ContainerSpec[name=" + name + ", image=" + image + ", labels=" + labels + ", envKeys=" + envKeys()
                + ", network=" + network + ", aliases=" + aliases + ", memoryBytes=" + memoryBytes + ", cpus=" + cpus
                + ", restartPolicy=" + restartPolicy + ", binds=" + binds + ", groupAdd=" + groupAdd + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
