package com.larkops.testing;

import com.larkops.runtime.ContainerSpec;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.LocalImage;
import com.larkops.runtime.RuntimeChanges;
import com.larkops.runtime.RuntimeOperationException;
import com.larkops.runtime.RuntimeReads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine as data, for unit tests of the deployer and the executor: containers with labels, running or
 * stopped, their network aliases, and the local images. Every change is written to {@link #calls()} in a
 * fixed shape ({@code "start echo-staging-r1"}), and any change can be made to fail ({@link #failOn}).
 * A running container reports the health {@code healthy} (as an image HEALTHCHECK would), so the health gate
 * decides at its first look; a container of an image marked {@link #crashOnStart} exits with code 1 instead.
 */
public final class FakeRuntime implements RuntimeReads, RuntimeChanges {
    private final Clock clock;
    private final Map<String, Box> containers = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    private final Set<String> crashing = new HashSet<>();
    private final Map<String, String> failures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    public FakeRuntime(Clock clock) {
        this.clock = clock;
    }

    private static final class Box {
        final String name;
        final String image;
        final Map<String, String> labels;
        boolean running;
        String status = "created";
        Integer exitCode;
        Instant created;
        Instant startedAt;
        Instant finishedAt;
        boolean starting;
        final Map<String, List<String>> networks = new HashMap<>();

        Box(String name, String image, Map<String, String> labels) {
            this.name = name;
            this.image = image;
            this.labels = Map.copyOf(labels);
        }

        ContainerState state() {
            return new ContainerState(name, name, image, "sha256:local-" + name, labels, running, status, exitCode, created,
                    startedAt, finishedAt, running ? (starting ? "starting" : "healthy") : null, false);
        }
    }

    // --- set-up ---

    /** A container that exists already (as a previous deploy left it), running or stopped; running ones hold {@code aliases}. */
    public synchronized FakeRuntime existing(String name, String image, Map<String, String> labels, boolean running,
                                             Instant startedAt, String network, List<String> aliases) {
        Box b = new Box(name, image, labels);
        b.created = startedAt;
        b.startedAt = startedAt;
        b.running = running;
        b.status = running ? "running" : "exited";
        b.exitCode = running ? null : 0;
        b.finishedAt = running ? null : startedAt.plusSeconds(60);
        b.networks.put(network, List.copyOf(aliases));
        containers.put(name, b);
        images.add(image);
        return this;
    }

    /** Container {@code name} runs but is not healthy yet (health {@code starting}) until {@code starting(name, false)}. */
    public synchronized FakeRuntime starting(String name, boolean starting) {
        box(name).starting = starting;
        return this;
    }

    /** Containers made from {@code image} exit with code 1 as soon as they start. */
    public synchronized FakeRuntime crashOnStart(String image) {
        crashing.add(image);
        return this;
    }

    /** The change written as {@code call} (e.g. {@code "stop echo-staging-r1"}) throws, as an engine refusing it would. */
    public synchronized FakeRuntime failOn(String call, String message) {
        failures.put(call, message);
        return this;
    }

    // --- what happened ---

    /** Every change asked of the engine, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized Optional<ContainerState> container(String name) {
        return Optional.ofNullable(containers.get(name)).map(Box::state);
    }

    public synchronized List<String> runningNames() {
        return containers.values().stream().filter(b -> b.running).map(b -> b.name).toList();
    }

    // --- the port ---

    private void change(String call) {
        calls.add(call);
        String failure = failures.get(call);
        if (failure != null) {
            throw new RuntimeOperationException(failure);
        }
    }

    private Box box(String nameOrId) {
        Box b = containers.get(nameOrId);
        if (b == null) {
            throw new RuntimeOperationException("no such container: " + nameOrId);
        }
        return b;
    }

    @Override
    public void ping() {
    }

    @Override
    public synchronized boolean hasImage(String imageRef) {
        return images.contains(imageRef);
    }

    @Override
    public synchronized void pull(String imageRef) {
        change("pull " + imageRef);
        images.add(imageRef);
    }

    @Override
    public synchronized void ensureNetwork(String name) {
    }

    @Override
    public synchronized String create(ContainerSpec spec) {
        change("create " + spec.name());
        if (containers.containsKey(spec.name())) {
            throw new RuntimeOperationException("container name " + spec.name() + " is already in use");
        }
        Box b = new Box(spec.name(), spec.image(), spec.labels());
        b.created = clock.instant();
        b.networks.put(spec.network(), List.copyOf(spec.aliases()));
        containers.put(spec.name(), b);
        return spec.name();
    }

    @Override
    public synchronized void start(String containerId) {
        change("start " + containerId);
        Box b = box(containerId);
        b.startedAt = clock.instant();
        if (crashing.contains(b.image)) {
            b.running = false;
            b.status = "exited";
            b.exitCode = 1;
            b.finishedAt = clock.instant();
        } else {
            b.running = true;
            b.status = "running";
            b.exitCode = null;
        }
    }

    @Override
    public synchronized void stop(String containerId, Duration grace) {
        change("stop " + containerId);
        Box b = box(containerId);
        if (b.running) {
            b.running = false;
            b.status = "exited";
            b.exitCode = 0;
            b.finishedAt = clock.instant();
        }
    }

    @Override
    public synchronized void remove(String containerId) {
        change("remove " + containerId);
        containers.remove(containerId);
    }

    @Override
    public synchronized void connect(String containerId, String network, List<String> aliases) {
        change("connect " + containerId + " " + network + " " + aliases);
        box(containerId).networks.put(network, List.copyOf(aliases));
    }

    @Override
    public synchronized void disconnect(String containerId, String network) {
        change("disconnect " + containerId + " " + network);
        box(containerId).networks.remove(network);
    }

    @Override
    public synchronized List<ContainerState> listManaged() {
        return containers.values().stream().filter(b -> b.labels.containsKey("larkops.service")).map(Box::state).toList();
    }

    @Override
    public synchronized Optional<ContainerState> inspect(String containerIdOrName) {
        return container(containerIdOrName);
    }

    @Override
    public synchronized String logTail(String containerId, int lines) {
        return "";
    }

    @Override
    public synchronized Optional<String> ipOn(String containerId, String network) {
        Box b = containers.get(containerId);
        return b != null && b.running && b.networks.containsKey(network) ? Optional.of("10.0.0.2") : Optional.empty();
    }

    @Override
    public synchronized List<String> aliasesOn(String containerId, String network) {
        Box b = containers.get(containerId);
        return b == null ? List.of() : b.networks.getOrDefault(network, List.of());
    }

    @Override
    public boolean imageHasHealthcheck(String imageRef) {
        return true;
    }

    /** Retention's host listing is not modelled here (its tests build snapshots as data). */
    @Override
    public List<LocalImage> localImages(String repository) {
        throw new RuntimeOperationException("this runtime cannot list local images");
    }

    @Override
    public synchronized void removeImage(String imageRef) {
        change("removeImage " + imageRef);
        images.remove(imageRef);
    }
}
