package com.larkops.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real distribution registry ({@code docker-registry serve}) on loopback, one per test JVM,
 * with deletes enabled. Started on first use, stopped when the JVM exits.
 */
public final class TestRegistry {
    private static TestRegistry instance;

    private final Process process;
    private final int port;
    private final Path configFile;

    private TestRegistry(Process process, int port, Path configFile) {
        this.process = process;
        this.port = port;
        this.configFile = configFile;
    }

    public static synchronized TestRegistry get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** {@code 127.0.0.1:<port>} as it appears in image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path configFile() {
        return configFile;
    }

    /**
     * A registry of the test's own on {@code port} (not the shared one), with {@code extraYaml} appended to
     * its config (e.g. a {@code notifications:} block); stop it with {@link #stop()}.
     */
    public static TestRegistry startOwn(int port, String extraYaml) {
        return start(port, extraYaml);
    }

    /**
     * A registry of its own on {@code port} that notifies a running bot of every push, as an operator
     * configures distribution: {@code POST /registry/events} with the bearer token, quick retries.
     */
    public static TestRegistry startNotifying(int port, int botPort, String token) {
        return start(port, """
                notifications:
                  endpoints:
                    - name: larkops
                      url: http://127.0.0.1:%d/registry/events
                      headers:
                        Authorization: [Bearer %s]
                      timeout: 2s
                      threshold: 3
                      backoff: 1s
                """.formatted(botPort, token));
    }

    public void stop() {
        process.destroy();
    }

    private static TestRegistry start() {
        try {
            return start(freePort(), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestRegistry start(int port, String extraYaml) {
        try {
            Path dir = Files.createTempDirectory("larkops-registry");
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port) + extraYaml);
            Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            waitUntilUp(port, p);
            return new TestRegistry(p, port, config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start docker-registry (apt-get install docker-registry)", e);
        }
    }

    private static void waitUntilUp(int port, Process p) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + p.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("docker-registry did not answer on port " + port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
