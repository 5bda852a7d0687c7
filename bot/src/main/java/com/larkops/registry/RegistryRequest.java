package com.larkops.registry;

import java.util.Map;

/**
 * One registry call as data: what to send, which repository it concerns (for error messages) and
 * which access it needs (the key under which the auth challenge it earns is remembered).
 * Endpoint methods build these; only {@link RegistryHttp} sends them.
 */
record RegistryRequest(String method, String path, Map<String, String> headers, byte[] body, String repository, String access,
                       long maxBytes) {
    /** Manifests, configs, tag pages and error bodies: OCI caps manifests at 4 MiB; nothing we read is bigger. */
    static final long DEFAULT_MAX_BYTES = 4L << 20;

    RegistryRequest {
        headers = Map.copyOf(headers);
    }

    RegistryRequest(String method, String path, Map<String, String> headers, byte[] body, String repository, String access) {
        this(method, path, headers, body, repository, access, DEFAULT_MAX_BYTES);
    }

    /** The same request with a smaller bound on the answer's size. */
    RegistryRequest limitedTo(long bytes) {
        return new RegistryRequest(method, path, headers, body, repository, access, bytes);
    }

    static RegistryRequest get(String path, String repository, Map<String, String> headers) {
        return new RegistryRequest("GET", path, headers, null, repository, access(repository, "pull"));
    }

    static RegistryRequest head(String path, String repository, Map<String, String> headers) {
        return new RegistryRequest("HEAD", path, headers, null, repository, access(repository, "pull"));
    }

    static RegistryRequest put(String path, String repository, Map<String, String> headers, byte[] body) {
        return new RegistryRequest("PUT", path, headers, body, repository, access(repository, "pull,push"));
    }

    static RegistryRequest delete(String path, String repository) {
        return new RegistryRequest("DELETE", path, Map.of(), null, repository, access(repository, "delete"));
    }

    private static String access(String repository, String actions) {
        return repository == null ? "registry" : "repository:" + repository + ":" + actions;
    }

    boolean mayFollowRedirects() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
