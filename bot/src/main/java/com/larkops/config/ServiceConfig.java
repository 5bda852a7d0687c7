package com.larkops.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** One managed service from the config file: where its image lives and how to tell it is healthy. */
public record ServiceConfig(String name, String repository, int port, String health, Optional<Path> envFile,
                            Duration soak, Duration healthTimeout, Optional<Long> memoryBytes, Optional<Double> cpus,
                            Duration stopGrace, RetentionPolicy retention) {

    public static final Duration DEFAULT_SOAK = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    /** Without a retention policy: the defaults apply. */
    public ServiceConfig(String name, String repository, int port, String health, Optional<Path> envFile,
                         Duration soak, Duration healthTimeout, Optional<Long> memoryBytes, Optional<Double> cpus,
                         Duration stopGrace) {
        this(name, repository, port, health, envFile, soak, healthTimeout, memoryBytes, cpus, stopGrace, RetentionPolicy.DEFAULT);
    }

    public ServiceConfig {
        retention = retention == null ? RetentionPolicy.DEFAULT : retention;
        if (port < 1 || port > 65535) {
            throw new ConfigException("services." + name + ".port is " + port + ": expected 1-65535");
        }
        if (!health.startsWith("/")) {
            throw new ConfigException("services." + name + ".health is '" + health + "': expected an HTTP path starting with /");
        }
    }
}
