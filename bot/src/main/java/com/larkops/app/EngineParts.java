package com.larkops.app;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.release.HealthGate;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.DockerRuntime;
import com.larkops.runtime.HttpHealthProbe;

import java.util.Optional;

/** The outside world's adapters: the engine, the registry, the health gate, and which container this bot runs in. */
final class EngineParts implements AutoCloseable {
    final DockerRuntime runtime;
    final RegistryClient registry;
    final HealthGate health;
    final Optional<String> selfContainer;

    EngineParts(Settings settings, LarkopsConfig config) {
        this.runtime = new DockerRuntime(settings.dockerHost());
        RegistryCredentials creds = settings.registryUsername().isBlank() ? RegistryCredentials.none()
                : RegistryCredentials.of(settings.registryUsername(), settings.registryPassword().reveal());
        this.registry = new RegistryClient(config.registry(), creds, config.registryInsecure());
        this.health = new HealthGate(runtime, new HttpHealthProbe());
        this.selfContainer = SelfContainer.detect(runtime).map(ContainerState::name);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
