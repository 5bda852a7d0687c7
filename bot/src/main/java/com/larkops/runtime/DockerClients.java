package com.larkops.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;

/** Builds the docker-java client over the httpclient5 transport. */
final class DockerClients {
    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // bounds every call; long stops are capped below it (see DockerRuntime.MAX_STOP_GRACE)
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private DockerClients() {
    }

    /**
     * No API version is pinned: docker-java 3.7.1 does not negotiate, and an unversioned request is
     * served at the engine's own version, while pinning one newer than the engine (Debian's speaks
     * 1.41) makes every call fail. A DOCKER_API_VERSION in the environment still wins.
     */
    static DockerClient open(String dockerHost) {
        return DockerClientImpl.getInstance(config(dockerHost), http(dockerHost));
    }

    /** The raw transport, for the engine endpoints docker-java does not cover (service update with auth or rollback). */
    static ApacheDockerHttpClient http(String dockerHost) {
        DockerClientConfig config = config(dockerHost);
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(20)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    private static DockerClientConfig config(String dockerHost) {
        DockerClientConfig config;
        try {
            config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DOCKER_HOST '" + dockerHost + "' is not a usable engine endpoint: " + e.getMessage(), e);
        }
        return config;
    }
}
