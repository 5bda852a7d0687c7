package com.larkops.runtime;

import com.larkops.model.ServiceName;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;

import com.larkops.model.Env;
import com.larkops.model.Labels;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Both engine ports ({@link RuntimeReads}, {@link RuntimeChanges}) on a Docker engine through docker-java. */
public final class DockerRuntime implements RuntimeReads, RuntimeChanges, AutoCloseable {
    public static final String SERVICE_LABEL = "larkops.service";
    /** A stop waits for the engine's answer, which must come before the HTTP response timeout. */
    public static final Duration MAX_STOP_GRACE = DockerClients.RESPONSE_TIMEOUT.minusSeconds(10);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(30);

    private final String dockerHost;
    private final DockerClient docker;
    private final EngineErrors errors;
    private final DockerImages images;

    public DockerRuntime(String dockerHost) {
        this.dockerHost = dockerHost == null || dockerHost.isBlank() ? DockerClients.DEFAULT_HOST : dockerHost;
        this.docker = DockerClients.open(this.dockerHost);
        this.errors = new EngineErrors(this.dockerHost);
        this.images = new DockerImages(docker, errors);
    }

    /** From {@code DOCKER_HOST}, defaulting to the local socket. */
    public static DockerRuntime fromEnvironment() {
        return new DockerRuntime(System.getenv("DOCKER_HOST"));
    }

    public String dockerHost() {
        return dockerHost;
    }

    @Override
    public void ping() {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            RuntimeException translated = errors.translate(Msg.of("app.engine.do.ping"), e);
            // any answer other than OK means this is not an engine we can use
            throw translated instanceof RuntimeUnavailableException ? translated : new RuntimeUnavailableException(dockerHost, e);
        }
    }

    @Override
    public boolean hasImage(String imageRef) {
        return images.find(imageRef).isPresent();
    }

    @Override
    public void pull(String imageRef) {
        images.pull(imageRef);
    }

    @Override
    public void ensureNetwork(String name) {
        call(Msg.of("app.engine.do.ensure_network", name), () -> {
            Optional<Network> existing = findNetwork(name);
            if (existing.isEmpty()) {
                try {
                    docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true).exec();
                    return null;
                } catch (ConflictException e) {
                    // created meanwhile by someone else: fall through and check what it is
                    existing = findNetwork(name);
                }
            }
            String driver = existing.map(Network::getDriver).orElse("bridge");
            if (!"bridge".equals(driver)) {
                throw new RuntimeOperationException(Msg.of("app.engine.network_driver", name, driver));
            }
            return null;
        });
    }

    @Override
    public String create(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                // a tiny init as PID 1 forwards SIGTERM, so busybox/JVM stop in ~0.2 s instead of waiting for SIGKILL
                .withInit(true)
                .withRestartPolicy(RestartPolicy.parse(spec.restartPolicy()));
        if (spec.memoryBytes() != null) {
            host.withMemory(spec.memoryBytes());
        }
        if (spec.cpus() != null) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000d));
        }
        if (!spec.binds().isEmpty()) {
            host.withBinds(spec.binds().stream().map(com.github.dockerjava.api.model.Bind::parse).toList());
        }
        List<String> groups = SocketGroup.withSocketGroup(spec.groupAdd(), spec.binds(), dockerHost);
        if (!groups.isEmpty()) {
            host.withGroupAdd(groups);
        }
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withLabels(spec.labels())
                .withEnv(spec.env());
        if (spec.network() != null) {
            host.withNetworkMode(spec.network());
            // docker-java puts these into NetworkingConfig.EndpointsConfig[networkMode], so they apply at creation
            cmd.withAliases(spec.aliases());
        }
        cmd.withHostConfig(host);
        Text action = Msg.of("app.engine.do.create", spec.name(), spec.image());
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            throw new RuntimeOperationException(Msg.of("app.engine.name_in_use", action));
        } catch (NotFoundException e) {
            throw new RuntimeOperationException(Msg.of("app.engine.create_missing", action,
                    EngineErrors.redact(EngineErrors.engineMessage(e), secretValues(spec))));
        } catch (RuntimeException e) {
            throw errors.translateRedacting(action, e, secretValues(spec));
        }
    }

    @Override
    public void start(String containerId) {
        call(Msg.of("app.engine.do.start", containerId), () -> {
            try {
                docker.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // idempotent: the executor may retry a step
            }
            return null;
        });
    }

    @Override
    public void stop(String containerId, Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_STOP_GRACE) > 0) {
            throw new IllegalArgumentException("stop grace " + grace + " must be between 0 and " + MAX_STOP_GRACE.toSeconds() + " s");
        }
        call(Msg.of("app.engine.do.stop", containerId), () -> {
            try {
                docker.stopContainerCmd(containerId).withTimeout((int) grace.toSeconds()).exec();
            } catch (NotModifiedException alreadyStopped) {
                // idempotent
            }
            return null;
        });
    }

    @Override
    public void remove(String containerId) {
        call(Msg.of("app.engine.do.remove", containerId), () -> {
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // idempotent: cleanup may run twice
            }
            return null;
        });
    }

    @Override
    public void connect(String containerId, String network, List<String> aliases) {
        call(Msg.of("app.engine.do.connect", containerId, network), () -> {
            docker.connectToNetworkCmd().withNetworkId(network).withContainerId(containerId)
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases == null ? List.of() : aliases))
                    .exec();
            return null;
        });
    }

    @Override
    public void disconnect(String containerId, String network) {
        call(Msg.of("app.engine.do.disconnect", containerId, network), () -> {
            try {
                docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(containerId).exec();
            } catch (com.github.dockerjava.api.exception.DockerException e) {
                // already off the network is the state we want
                if (e.getMessage() == null || !e.getMessage().contains("is not connected")) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public List<ContainerState> listManaged() {
        return call(Msg.of("app.engine.do.list"), () -> {
            List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(SERVICE_LABEL)).exec();
            // the list lacks health, exit code and times: inspect each; one removed meanwhile just drops out
            return containers.stream().map(c -> inspect(c.getId())).flatMap(Optional::stream).toList();
        });
    }

    @Override
    public List<ContainerState> listManaged(ServiceName service, Env env) {
        return call(Msg.of("app.engine.do.list_of", service.value(), env), () -> {
            // one call: the listing carries labels and state; no inspect per container on a rollback's path
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of(SERVICE_LABEL, service.value(), Labels.ENV, env.tag())).exec()
                    .stream().map(ContainerStates::fromListing).toList();
        });
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return call(Msg.of("app.engine.do.inspect", containerIdOrName), () -> {
            try {
                return Optional.of(ContainerStates.from(docker.inspectContainerCmd(containerIdOrName).exec()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<ContainerView> inspectOn(String containerIdOrName, String network) {
        return call(Msg.of("app.engine.do.inspect", containerIdOrName), () -> {
            InspectContainerResponse inspected;
            try {
                inspected = docker.inspectContainerCmd(containerIdOrName).exec();
            } catch (NotFoundException e) {
                return Optional.<ContainerView>empty();
            }
            ContainerNetwork attached = attachment(inspected, network);
            return Optional.of(new ContainerView(ContainerStates.from(inspected), attached == null ? null : attached.getIpAddress(),
                    attached == null ? null : attached.getAliases()));
        });
    }

    private static ContainerNetwork attachment(InspectContainerResponse inspected, String network) {
        var networks = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getNetworks();
        return networks == null ? null : networks.get(network);
    }

    @Override
    public String logTail(String containerId, int lines) {
        if (lines <= 0) {
            throw new IllegalArgumentException("lines must be positive");
        }
        Text action = Msg.of("app.engine.do.logs", containerId);
        return call(action, () -> {
            LogCollector collector = new LogCollector();
            try {
                boolean done = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
                        .exec(collector).awaitCompletion(LOG_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!done) {
                    DockerImages.closeQuietly(collector);
                    throw new RuntimeOperationException(Msg.of("app.engine.timeout.seconds", action, LOG_TIMEOUT.toSeconds()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                DockerImages.closeQuietly(collector);
                throw new RuntimeOperationException(Msg.of("app.engine.interrupted", action), e);
            }
            return collector.text();
        });
    }

    @Override
    public Optional<String> ipOn(String containerId, String network) {
        return inspectOn(containerId, network).flatMap(ContainerView::address);
    }

    @Override
    public List<String> aliasesOn(String containerId, String network) {
        return inspectOn(containerId, network).map(ContainerView::aliases).orElse(List.of());
    }

    @Override
    public boolean imageHasHealthcheck(String imageRef) {
        return images.hasHealthcheck(imageRef);
    }

    @Override
    public List<LocalImage> localImages(String repository) {
        return images.list(repository);
    }

    @Override
    public void removeImage(String imageRef) {
        images.remove(imageRef);
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // nothing left to do with a client we are discarding
        }
    }

    /** The engine's version and the API version it speaks, e.g. {@code 20.10.24 (API 1.41)}: for doctor. */
    public String engineVersion() {
        return call(Msg.of("app.engine.do.version"), () -> {
            var v = docker.versionCmd().exec();
            return v.getVersion() + " (API " + v.getApiVersion() + ")";
        });
    }

    /** Whether the network exists; a read only (the first deploy's plan creates it). */
    public boolean networkExists(String name) {
        return call(Msg.of("app.engine.do.find_network", name), () -> findNetwork(name).isPresent());
    }

    private Optional<Network> findNetwork(String name) {
        // the engine's name filter matches substrings, so compare exactly
        return docker.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> name.equals(n.getName())).findFirst();
    }

    private <T> T call(Text action, Supplier<T> body) {
        return errors.call(action, body);
    }

    private static List<String> secretValues(ContainerSpec spec) {
        return spec.env().stream().map(e -> e.substring(e.indexOf('=') + 1)).toList();
    }
}
