package com.larkops.registry;

import java.util.Map;

/**
 * One registry call as data: what to send, which repository it concerns (for error messages) and
 * which access it needs (the key under which the auth challenge it earns is remembered).
 * Endpoint methods build these; only {@link RegistryHttp} sends them.
 */
record RegistryRequest(String method, String path, Map<String, String> headers, byte[] body, String repository, String access) {

    RegistryRequest {
        headers = Map.copyOf(headers);
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
