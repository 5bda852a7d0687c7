package com.larkops.app;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.release.HealthGate;
import com.larkops.runtime.ContainerState;
import com.larkops.config.RuntimeKind;
import com.larkops.runtime.DockerRuntime;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmReads;
import com.larkops.runtime.SwarmRuntime;
import com.larkops.runtime.HttpHealthProbe;

import java.util.Optional;

/**
 * The outside world's adapters: the engine, the registry, the health gate, and which container this bot runs in.
 * One engine client: under {@code runtime: swarm} the Swarm adapter speaks to the same node's engine through it.
 */
final class EngineParts implements AutoCloseable {
    /** This host's engine: the bot's skills, its own container, local images. */
    final DockerRuntime runtime;
    final RegistryClient registry;
    final HealthGate health;
    /** Swarm services on the manager, present under {@code runtime: swarm}. */
    final Optional<SwarmRuntime> swarm;
    /** What releases run on (read): this engine's containers, or the Swarm services. */
    final RuntimeReads releaseRuntime;
    final HealthGate releaseHealth;
    final Optional<String> selfContainer;

    EngineParts(Settings settings, LarkopsConfig config) {
        this.runtime = new DockerRuntime(settings.dockerHost());
        RegistryCredentials creds = settings.registryUsername().isBlank() ? RegistryCredentials.none()
                : RegistryCredentials.of(settings.registryUsername(), settings.registryPassword().reveal());
        this.registry = new RegistryClient(config.registry(), creds, config.registryInsecure());
        this.health = new HealthGate(runtime, new HttpHealthProbe());
        this.selfContainer = SelfContainer.detect(runtime).map(ContainerState::name);
        if (selfContainer.isPresent() && Surroundings.loopback(config.registry())) {
            org.slf4j.LoggerFactory.getLogger(EngineParts.class).warn("{}", Surroundings.loopbackLine(config.registry()));
        }
        this.swarm = config.runtime() == RuntimeKind.SWARM ? Optional.of(new SwarmRuntime(runtime, config.registry(),
                settings.registryUsername(), settings.registryPassword().reveal())) : Optional.empty();
        this.releaseRuntime = swarm.<RuntimeReads>map(s -> s).orElse(runtime);
        this.releaseHealth = swarm.map(s -> new HealthGate(s, new HttpHealthProbe())).orElse(health);
    }

    /** Swarm's reads for the release parts that ask them (under {@code runtime: swarm}). */
    Optional<SwarmReads> swarmReads() {
        return swarm.map(s -> s);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
