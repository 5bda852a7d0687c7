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
    /** What releases run on: this engine's containers, or Swarm services on the manager (runtime: swarm). */
    final com.larkops.runtime.ContainerRuntime releaseRuntime;
    final HealthGate releaseHealth;
    final Optional<String> selfContainer;

    EngineParts(Settings settings, LarkopsConfig config) {
        this.runtime = new DockerRuntime(settings.dockerHost());
        RegistryCredentials creds = settings.registryUsername().isBlank() ? RegistryCredentials.none()
                : RegistryCredentials.of(settings.registryUsername(), settings.registryPassword().reveal());
        this.registry = new RegistryClient(config.registry(), creds, config.registryInsecure());
        this.health = new HealthGate(runtime, new HttpHealthProbe());
        this.selfContainer = SelfContainer.detect(runtime).map(ContainerState::name);
        if (config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            this.releaseRuntime = new com.larkops.runtime.SwarmRuntime(settings.dockerHost(), config.registry(),
                    settings.registryUsername(), settings.registryPassword().reveal());
            this.releaseHealth = new HealthGate(releaseRuntime, new HttpHealthProbe());
        } else {
            this.releaseRuntime = runtime;
            this.releaseHealth = health;
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
