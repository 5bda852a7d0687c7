package com.larkops.config;

import com.larkops.model.ServiceName;
import com.larkops.signature.VerifyPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One managed service from the config file: where its image lives and how to tell it is healthy.
 * A skill ({@code skill: true}) also answers chat words ({@code commands}) through {@code POST /invoke},
 * within {@code timeout}, for callers with at least {@code role}. {@code volumes} are bind mounts
 * ({@code /host/path:/container/path[:ro]}), which the bot's own service needs (data dir, config, engine socket).
 * {@code verify} names the envs that need a signed digest and the keys that may sign it. {@code groupAdd}: extra
 * groups (names or gids) the container's process joins; the engine socket's group is added by itself when mounted.
 */
public record ServiceConfig(String name, String repository, int port, String health, Optional<Path> envFile,
                            Duration soak, Duration healthTimeout, Optional<Long> memoryBytes, Optional<Double> cpus,
                            Duration stopGrace, RetentionPolicy retention, boolean skill, List<String> commands,
                            Duration skillTimeout, String skillRole, List<String> volumes, VerifyPolicy verify,
                            List<String> groupAdd) {

    public static final Duration DEFAULT_SOAK = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SKILL_TIMEOUT = Duration.ofSeconds(5);

    public ServiceConfig {
        retention = retention == null ? RetentionPolicy.DEFAULT : retention;
        if (port < 1 || port > 65535) {
            throw new ConfigException("services." + name + ".port is " + port + ": expected 1-65535");
        }
        if (!health.startsWith("/")) {
            throw new ConfigException("services." + name + ".health is '" + health + "': expected an HTTP path starting with /");
        }
        commands = commands == null ? List.of() : List.copyOf(commands);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        skillTimeout = skillTimeout == null ? DEFAULT_SKILL_TIMEOUT : skillTimeout;
        skillRole = skillRole == null ? "reader" : skillRole;
        verify = verify == null ? VerifyPolicy.NONE : verify;
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    }

    /** The name as the value type the domain passes around (checked when the config file was read). */
    public ServiceName serviceName() {
        return new ServiceName(name);
    }

    /** Without extra groups. */
    public ServiceConfig(String name, String repository, int port, String health, Optional<Path> envFile,
                         Duration soak, Duration healthTimeout, Optional<Long> memoryBytes, Optional<Double> cpus,
                         Duration stopGrace, RetentionPolicy retention, boolean skill, List<String> commands,
                         Duration skillTimeout, String skillRole, List<String> volumes, VerifyPolicy verify) {
        this(name, repository, port, health, envFile, soak, healthTimeout, memoryBytes, cpus, stopGrace, retention, skill,
                commands, skillTimeout, skillRole, volumes, verify, List.of());
    }

    /** A plain (non-skill) service without mounts, with the default retention policy. */
    public ServiceConfig(String name, String repository, int port, String health, Optional<Path> envFile,
                         Duration soak, Duration healthTimeout, Optional<Long> memoryBytes, Optional<Double> cpus,
                         Duration stopGrace) {
        this(name, repository, port, health, envFile, soak, healthTimeout, memoryBytes, cpus, stopGrace,
                RetentionPolicy.DEFAULT, false, List.of(), DEFAULT_SKILL_TIMEOUT, "reader", List.of(), VerifyPolicy.NONE);
    }
}
