package com.larkops.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.larkops.runtime.HttpHealthProbe;

import java.io.IOException;
import java.time.Duration;

/**
 * Watches from the host for a container to serve: running, attached to the network (under the alias,
 * when one is named) and answering 2xx on its health path at its network address. The same loop times
 * the rollback and the floor, so both pay the same observation cost (one inspect and, once there is an
 * address, one GET per round, {@value #PAUSE_MS} ms apart).
 */
final class ServingPoller implements AutoCloseable {
    static final long PAUSE_MS = 5;

    private final DockerClient docker;
    private final HttpHealthProbe probe = new HttpHealthProbe(Duration.ofMillis(500));
    private final String network;
    private final int port;
    private final String path;

    ServingPoller(String network, int port, String path) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        this.docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).maxConnections(4).build());
        this.network = network;
        this.port = port;
        this.path = path;
    }

    /** Polls until the container serves; returns System.nanoTime() of the first 2xx. */
    long awaitServing(String container, String alias, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (servesNow(container, alias)) {
                return System.nanoTime();
            }
            sleep();
        }
        throw new IllegalStateException(container + " did not serve" + (alias == null ? "" : " as " + alias) + " within " + timeout);
    }

    boolean servesNow(String container, String alias) {
        InspectContainerResponse r = docker.inspectContainerCmd(container).exec();
        if (!Boolean.TRUE.equals(r.getState().getRunning()) || r.getNetworkSettings() == null) {
            return false;
        }
        ContainerNetwork n = r.getNetworkSettings().getNetworks().get(network);
        if (n == null || n.getIpAddress() == null || n.getIpAddress().isBlank()) {
            return false;
        }
        if (alias != null && (n.getAliases() == null || !n.getAliases().contains(alias))) {
            return false;
        }
        return probe.isHealthy(n.getIpAddress(), port, path);
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // discarded client
        }
    }
}
