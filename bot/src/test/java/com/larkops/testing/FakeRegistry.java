package com.larkops.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.model.Digest;
import com.larkops.registry.Manifest;
import com.larkops.registry.MediaTypes;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry as data, in this JVM on a loopback port, for unit tests of code that holds the real
 * {@code RegistryClient} (a class, not a port): images pushed with {@link #push} (a config carrying the given
 * labels, an OCI manifest), tags, and the manifest API the client speaks (HEAD/GET/PUT/DELETE manifests, GET
 * blobs). Every write is listed in {@link #writes()} ({@code "tag skills/echo:staging → sha256:…"}).
 */
public final class FakeRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");

    private final HttpServer server;
    private final Map<String, Digest> tags = new ConcurrentHashMap<>();        // repo:tag → digest
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();   // repo@digest → bytes
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();       // digest → bytes
    private final List<String> writes = new ArrayList<>();
    private volatile boolean refuseWrites;

    private FakeRegistry(HttpServer server) {
        this.server = server;
    }

    public static FakeRegistry start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeRegistry registry = new FakeRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}: loopback, so the client speaks plain HTTP. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Pushes an image whose config carries {@code labels}, tagged {@code tag}; returns its manifest digest. */
    public Digest push(String repository, String tag, Map<String, String> labels) {
        try {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.put("config", Map.of("Labels", labels));
            config.put("history", List.of(Map.of("created_by", "push " + repository + ":" + tag)));
            byte[] configBytes = JSON.writeValueAsBytes(config);
            Digest configDigest = Manifest.sha256(configBytes);
            blobs.put(configDigest.value(), configBytes);
            byte[] manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                    "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "size", configBytes.length,
                            "digest", configDigest.value()), "layers", List.of()));
            Digest digest = Manifest.sha256(manifest);
            manifests.put(repository + "@" + digest.value(), manifest);
            tags.put(repository + ":" + tag, digest);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code tag} points at now. */
    public Optional<Digest> tagged(String repository, String tag) {
        return Optional.ofNullable(tags.get(repository + ":" + tag));
    }

    /** Every write asked of the registry, in order. */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** From now on every PUT and DELETE answers HTTP 500. */
    public void refuseWrites() {
        refuseWrites = true;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v2/")) {
                send(ex, 200, Map.of(), new byte[0]);
                return;
            }
            Matcher blob = BLOB.matcher(path);
            if (blob.matches() && method.equals("GET")) {
                byte[] bytes = blobs.get(blob.group(2));
                send(ex, bytes == null ? 404 : 200, Map.of(), bytes == null ? error("BLOB_UNKNOWN") : bytes);
                return;
            }
            Matcher m = MANIFEST.matcher(path);
            if (!m.matches()) {
                send(ex, 404, Map.of(), error("NAME_UNKNOWN"));
                return;
            }
            String repo = m.group(1);
            String ref = m.group(2);
            switch (method) {
                case "HEAD", "GET" -> {
                    Digest digest = ref.startsWith("sha256:") ? Digest.parse(ref) : tags.get(repo + ":" + ref);
                    byte[] bytes = digest == null ? null : manifests.get(repo + "@" + digest.value());
                    if (bytes == null) {
                        send(ex, 404, Map.of(), error("MANIFEST_UNKNOWN"));
                        return;
                    }
                    send(ex, 200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", digest.value()),
                            method.equals("HEAD") ? null : bytes);
                }
                case "PUT" -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    Digest digest = Manifest.sha256(body);
                    record("tag " + repo + ":" + ref + " → " + digest.value());
                    if (refuseWrites) {
                        send(ex, 500, Map.of(), error("UNKNOWN"));
                        return;
                    }
                    manifests.put(repo + "@" + digest.value(), body);
                    tags.put(repo + ":" + ref, digest);
                    send(ex, 201, Map.of("Docker-Content-Digest", digest.value()), new byte[0]);
                }
                case "DELETE" -> {
                    record("delete " + repo + "@" + ref);
                    if (refuseWrites) {
                        send(ex, 500, Map.of(), error("UNKNOWN"));
                        return;
                    }
                    if (manifests.remove(repo + "@" + ref) == null) {
                        send(ex, 404, Map.of(), error("MANIFEST_UNKNOWN"));
                        return;
                    }
                    tags.entrySet().removeIf(e -> e.getKey().startsWith(repo + ":") && e.getValue().value().equals(ref));
                    send(ex, 202, Map.of(), new byte[0]);
                }
                default -> send(ex, 405, Map.of(), error("UNSUPPORTED"));
            }
        }
    }

    private synchronized void record(String write) {
        writes.add(write);
    }

    private static byte[] error(String code) {
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"fake registry\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code body} null: a HEAD answer, headers only. */
    private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
        if (body != null && body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
