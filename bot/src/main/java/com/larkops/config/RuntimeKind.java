package com.larkops.config;

/** {@code runtime:} in the config: containers on this host's engine, or Swarm services on a manager. */
public enum RuntimeKind {
    DOCKER, SWARM;

    static RuntimeKind parse(String text) {
        return switch (text == null ? "docker" : text.trim()) {
            case "docker" -> DOCKER;
            case "swarm" -> SWARM;
            default -> throw new ConfigException("runtime is '" + text + "': expected docker (containers on this host) or swarm (Swarm services)");
        };
    }
}
