package com.larkops.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.larkops.model.Digest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link ContainerRuntime} on a Docker engine through docker-java. */
public final class DockerRuntime implements ContainerRuntime, AutoCloseable {
    public static final String SERVICE_LABEL = "larkops.service";
    /** A stop waits for the engine's answer, which must come before the HTTP response timeout. */
    public static final Duration MAX_STOP_GRACE = DockerClients.RESPONSE_TIMEOUT.minusSeconds(10);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(30);

    private final String dockerHost;
    private final DockerClient docker;
    private final EngineErrors errors;

    public DockerRuntime(String dockerHost) {
        this.dockerHost = dockerHost == null || dockerHost.isBlank() ? DockerClients.DEFAULT_HOST : dockerHost;
        this.docker = DockerClients.open(this.dockerHost);
        this.errors = new EngineErrors(this.dockerHost);
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
            RuntimeException translated = errors.translate("ping", e);
            // any answer other than OK means this is not an engine we can use
            throw translated instanceof RuntimeUnavailableException ? translated : new RuntimeUnavailableException(dockerHost, e);
        }
    }

    @Override
    public boolean hasImage(String imageRef) {
        return findImage(imageRef).isPresent();
    }

    @Override
    public void pull(String imageRef) {
        requireDigestPinned(imageRef);
        if (hasImage(imageRef)) {
            return;
        }
        String action = "pull " + imageRef;
        PullProgress progress = new PullProgress();
        try {
            boolean done = docker.pullImageCmd(imageRef).exec(progress).awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                closeQuietly(progress);
                throw new RuntimeOperationException(action + " did not finish within " + PULL_TIMEOUT.toMinutes() + " minutes");
            }
        } catch (NotFoundException e) {
            throw new ImageNotFoundException(action + " failed: the registry has no such image (" + EngineErrors.engineMessage(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(progress);
            throw new RuntimeOperationException(action + " was interrupted", e);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
        String error = progress.firstError();
        if (error != null) {
            throw looksMissing(error)
                    ? new ImageNotFoundException(action + " failed: the registry has no such image (" + error + ")")
                    : new RuntimeOperationException(action + " failed: " + error);
        }
        if (!hasImage(imageRef)) {
            throw new RuntimeOperationException(action + " reported success but the image is not present afterwards");
        }
    }

    @Override
    public void ensureNetwork(String name) {
        call("ensure network " + name, () -> {
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
                throw new RuntimeOperationException("network " + name + " exists with driver " + driver + "; larkops needs a bridge network");
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
        String action = "create container " + spec.name() + " from " + spec.image();
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            throw new RuntimeOperationException(action + " failed: the name is already in use");
        } catch (NotFoundException e) {
            throw new RuntimeOperationException(action + " failed: " + EngineErrors.redact(EngineErrors.engineMessage(e), secretValues(spec))
                    + "; pull the image and ensure the network first");
        } catch (RuntimeException e) {
            throw errors.translateRedacting(action, e, secretValues(spec));
        }
    }

    @Override
    public void start(String containerId) {
        call("start container " + containerId, () -> {
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
        call("stop container " + containerId, () -> {
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
        call("remove container " + containerId, () -> {
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
        call("connect container " + containerId + " to network " + network, () -> {
            docker.connectToNetworkCmd().withNetworkId(network).withContainerId(containerId)
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases == null ? List.of() : aliases))
                    .exec();
            return null;
        });
    }

    @Override
    public void disconnect(String containerId, String network) {
        call("disconnect container " + containerId + " from network " + network, () -> {
            docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(containerId).exec();
            return null;
        });
    }

    @Override
    public List<ContainerState> listManaged() {
        return call("list managed containers", () -> {
            List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(SERVICE_LABEL)).exec();
            // the list lacks health, exit code and times: inspect each; one removed meanwhile just drops out
            return containers.stream().map(c -> inspect(c.getId())).flatMap(Optional::stream).toList();
        });
    }

    @Override
    public Optional<ContainerState> inspect(String containerIdOrName) {
        return call("inspect container " + containerIdOrName, () -> {
            try {
                return Optional.of(ContainerStates.from(docker.inspectContainerCmd(containerIdOrName).exec()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String logTail(String containerId, int lines) {
        if (lines <= 0) {
            throw new IllegalArgumentException("lines must be positive");
        }
        String action = "read logs of container " + containerId;
        return call(action, () -> {
            LogCollector collector = new LogCollector();
            try {
                boolean done = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
                        .exec(collector).awaitCompletion(LOG_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!done) {
                    closeQuietly(collector);
                    throw new RuntimeOperationException(action + " did not finish within " + LOG_TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(collector);
                throw new RuntimeOperationException(action + " was interrupted", e);
            }
            return collector.text();
        });
    }

    @Override
    public Optional<String> ipOn(String containerId, String network) {
        return call("inspect container " + containerId, () -> {
            var inspected = docker.inspectContainerCmd(containerId).exec();
            var networks = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getNetworks();
            ContainerNetwork attached = networks == null ? null : networks.get(network);
            return Optional.ofNullable(attached).map(ContainerNetwork::getIpAddress).filter(ip -> !ip.isBlank());
        });
    }

    @Override
    public boolean imageHasHealthcheck(String imageRef) {
        InspectImageResponse image = findImage(imageRef)
                .orElseThrow(() -> new ImageNotFoundException("image " + imageRef + " is not present on this host"));
        HealthCheck check = image.getConfig() == null ? null : image.getConfig().getHealthcheck();
        List<String> test = check == null ? null : check.getTest();
        // ["NONE"] is how an image switches off a HEALTHCHECK inherited from its base
        return test != null && !test.isEmpty() && !"NONE".equals(test.get(0));
    }

    @Override
    public void removeImage(String imageRef) {
        call("remove image " + imageRef, () -> {
            Optional<InspectImageResponse> image = findImage(imageRef);
            if (image.isEmpty()) {
                return null;
            }
            // the engine itself only refuses when this is the image's last reference, so check every container
            List<String> users = docker.listContainersCmd().withShowAll(true).exec().stream()
                    .filter(c -> image.get().getId().equals(c.getImageId()))
                    .map(c -> c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId())
                    .toList();
            if (!users.isEmpty()) {
                throw new RuntimeOperationException("image " + imageRef + " is in use by container(s) " + String.join(", ", users) + "; not removed");
            }
            docker.removeImageCmd(imageRef).withForce(false).exec();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // nothing left to do with a client we are discarding
        }
    }

    private Optional<InspectImageResponse> findImage(String imageRef) {
        return call("inspect image " + imageRef, () -> {
            try {
                return Optional.of(docker.inspectImageCmd(imageRef).exec());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<Network> findNetwork(String name) {
        // the engine's name filter matches substrings, so compare exactly
        return docker.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> name.equals(n.getName())).findFirst();
    }

    private <T> T call(String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    private static void requireDigestPinned(String imageRef) {
        int at = imageRef == null ? -1 : imageRef.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("'" + imageRef + "' is not pinned by digest; larkops pulls repository@sha256:… only");
        }
        Digest.parse(imageRef.substring(at + 1));
    }

    private static boolean looksMissing(String engineError) {
        String lower = engineError.toLowerCase();
        return lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("does not exist");
    }

    private static List<String> secretValues(ContainerSpec spec) {
        return spec.env().stream().map(e -> e.substring(e.indexOf('=') + 1)).toList();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the stream is being abandoned anyway
        }
    }
}
