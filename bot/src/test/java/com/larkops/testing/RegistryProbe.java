package com.larkops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An independent look at a plain-HTTP registry for test assertions: its own few lines of HTTP against the
 * Distribution API, sharing no code with {@code registry/RegistryClient}, so a bug there cannot hide itself.
 * Digests are computed here from the bytes the registry serves. Anything but 200 or 404 is an error, never
 * a verdict: an unreachable registry must not read as "the manifest is absent".
 */
public final class RegistryProbe {
    private static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;

    public RegistryProbe(String host) {
        this.host = host;
    }

    /** The test JVM's registry. */
    public static RegistryProbe of(TestRegistry registry) {
        return new RegistryProbe(registry.host());
    }

    /** The digest of the manifest {@code reference} (tag or digest) names, hashed here; empty when it is absent. */
    public Optional<String> digest(String repository, String reference) {
        return manifest(repository, reference).map(RegistryProbe::sha256);
    }

    /** {@link #digest} for a reference that must exist. */
    public String requireDigest(String repository, String reference) {
        return digest(repository, reference)
                .orElseThrow(() -> new AssertionError(host + "/" + repository + ":" + reference + " is not in the registry"));
    }

    public boolean manifestExists(String repository, String digest) {
        return manifest(repository, digest).isPresent();
    }

    /**
     * Fetches the manifest and every blob it names (config and layers), checking each blob's bytes against
     * its digest: the registry could serve a pull of this image. Returns how many blobs were read.
     */
    public int pullAll(String repository, String digest) {
        byte[] manifest = manifest(repository, digest)
                .orElseThrow(() -> new AssertionError(repository + "@" + digest + " is not in the registry"));
        if (!sha256(manifest).equals(digest)) {
            throw new AssertionError("manifest bytes of " + repository + "@" + digest + " hash to " + sha256(manifest));
        }
        List<String> blobs = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(manifest);
            blobs.add(root.path("config").path("digest").asText());
            root.path("layers").forEach(layer -> blobs.add(layer.path("digest").asText()));
        } catch (IOException e) {
            throw new AssertionError("manifest of " + repository + "@" + digest + " is not JSON", e);
        }
        for (String blob : blobs) {
            HttpResponse<byte[]> r = get("/v2/" + repository + "/blobs/" + blob);
            if (r.statusCode() != 200) {
                throw new AssertionError("blob " + blob + " of " + repository + "@" + digest + ": HTTP " + r.statusCode());
            }
            if (!sha256(r.body()).equals(blob)) {
                throw new AssertionError("blob " + blob + " served bytes hashing to " + sha256(r.body()));
            }
        }
        return blobs.size();
    }

    private Optional<byte[]> manifest(String repository, String reference) {
        HttpResponse<byte[]> r = get("/v2/" + repository + "/manifests/" + reference);
        return switch (r.statusCode()) {
            case 200 -> Optional.of(r.body());
            case 404 -> Optional.empty();
            default -> throw new IllegalStateException("registry " + host + " answered HTTP " + r.statusCode()
                    + " for " + repository + ":" + reference + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    private HttpResponse<byte[]> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + path))
                .header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("registry " + host + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
