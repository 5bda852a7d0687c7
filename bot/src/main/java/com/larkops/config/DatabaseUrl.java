package com.larkops.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code LARKOPS_DATABASE_URL}: {@code postgresql://user:password@host[:port]/database[?sslmode=…]}, the
 * libpq URI form an operator already has. Parsed once into the JDBC URL plus user and password, so the
 * password never sits in a URL that could be logged. Only a few well-known parameters are accepted.
 */
public record DatabaseUrl(String host, int port, String database, String user, Secret password, Map<String, String> params) {
    private static final String KEY = "LARKOPS_DATABASE_URL";
    private static final Set<String> PARAMS = Set.of("sslmode", "sslrootcert", "connect_timeout", "application_name");

    /** Empty for unset or blank; otherwise a valid URL or a {@link ConfigException} that never echoes the password. */
    public static Optional<DatabaseUrl> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw bad("is not a URL");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw bad("must start with postgresql://");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw bad("has no host");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isBlank() || database.contains("/")) {
            throw bad("has no database name (…/larkops)");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        if (user.isBlank()) {
            throw bad("has no user (postgresql://user:password@host/db)");
        }
        Map<String, String> params = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (!PARAMS.contains(name)) {
                    throw bad("has an unsupported parameter (allowed: application_name, connect_timeout, sslmode, sslrootcert)");
                }
                params.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.of(new DatabaseUrl(host, port, database, user, Secret.of(password), Map.copyOf(params)));
    }

    /** The JDBC URL without credentials (safe to print). */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(database);
        String sep = "?";
        for (var e : new TreeMap<>(params).entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return b.toString();
    }

    /** Where, for messages: user, host, port and database, never the password. */
    public String describe() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("has a malformed %-escape");
        }
    }

    private static ConfigException bad(String why) {
        return new ConfigException(KEY + " " + why + ": expected postgresql://user:password@host[:port]/database[?sslmode=require]");
    }
}
