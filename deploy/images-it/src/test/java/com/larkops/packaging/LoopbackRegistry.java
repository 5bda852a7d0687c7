package com.larkops.packaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real distribution registry ({@code docker-registry serve}, Debian's package) on a free loopback port
 * with its own storage, for pushing what deploy/release builds. Loopback registries need no TLS for the engine.
 */
final class LoopbackRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private LoopbackRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LoopbackRegistry start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("larkops-release-registry");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LoopbackRegistry registry = new LoopbackRegistry(p, port);
        registry.awaitUp();
        return registry;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** The digest the registry serves for {@code repository:tag}, asked the way a deployer asks. */
    String digestOf(String repository, String tag) throws IOException, InterruptedException {
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json")
                .build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(head, HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    /** The first layer of the first artifact in the referrers-tag index of {@code digest}: an attached Sigstore bundle. */
    byte[] referrerBlob(String repository, String digest) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + host() + "/v2/" + repository;
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var index = json.readTree(get(http, base + "/manifests/" + digest.replace(':', '-'), "application/vnd.oci.image.index.v1+json"));
        String artifact = index.path("manifests").path(0).path("digest").asText();
        var manifest = json.readTree(get(http, base + "/manifests/" + artifact, "application/vnd.oci.image.manifest.v1+json"));
        return get(http, base + "/blobs/" + manifest.path("layers").path(0).path("digest").asText(), "*/*");
    }

    private static byte[] get(HttpClient http, String url, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private void awaitUp() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not answer on " + host());
    }

    @Override
    public void close() {
        process.destroy();
    }
}
