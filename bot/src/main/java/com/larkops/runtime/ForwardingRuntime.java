package com.larkops.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ContainerRuntime} that passes every call on; views of the engine override the calls they change.
 * {@code inspectOn} is not passed on: its default composes this view's own inspect, ipOn and aliasesOn.
 */
public abstract class ForwardingRuntime implements ContainerRuntime {
    protected final ContainerRuntime engine;

    protected ForwardingRuntime(ContainerRuntime engine) {
        this.engine = engine;
    }

    @Override public void ping() { engine.ping(); }
    @Override public boolean hasImage(String imageRef) { return engine.hasImage(imageRef); }
    @Override public void pull(String imageRef) { engine.pull(imageRef); }
    @Override public void ensureNetwork(String name) { engine.ensureNetwork(name); }
    @Override public String create(ContainerSpec spec) { return engine.create(spec); }
    @Override public void start(String containerId) { engine.start(containerId); }
    @Override public void stop(String containerId, Duration grace) { engine.stop(containerId, grace); }
    @Override public void remove(String containerId) { engine.remove(containerId); }
    @Override public void connect(String containerId, String network, List<String> aliases) { engine.connect(containerId, network, aliases); }
    @Override public void disconnect(String containerId, String network) { engine.disconnect(containerId, network); }
    @Override public List<ContainerState> listManaged() { return engine.listManaged(); }
    @Override public List<ContainerState> listManaged(String service, com.larkops.model.Env env) { return engine.listManaged(service, env); }
    @Override public Optional<ContainerState> inspect(String containerIdOrName) { return engine.inspect(containerIdOrName); }
    @Override public String logTail(String containerId, int lines) { return engine.logTail(containerId, lines); }
    @Override public Optional<String> ipOn(String containerId, String network) { return engine.ipOn(containerId, network); }
    @Override public List<String> aliasesOn(String containerId, String network) { return engine.aliasesOn(containerId, network); }
    @Override public boolean imageHasHealthcheck(String imageRef) { return engine.imageHasHealthcheck(imageRef); }
    @Override public void removeImage(String imageRef) { engine.removeImage(imageRef); }
}
