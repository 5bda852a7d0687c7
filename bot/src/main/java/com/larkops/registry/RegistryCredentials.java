package com.larkops.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry login: a username and a password or access token. The secret never leaves this
 * package in readable form: {@link #toString()} redacts it so a credentials object can be logged
 * or end up in an exception without leaking the token.
 */
public final class RegistryCredentials {
    private static final RegistryCredentials NONE = new RegistryCredentials(null, null);

    private final String username;
    private final String secret;

    private RegistryCredentials(String username, String secret) {
        this.username = username;
        this.secret = secret;
    }

    /** Anonymous access: fine for a loopback test registry and public pulls. */
    public static RegistryCredentials none() {
        return NONE;
    }

    /** A username with its password or token; both must be non-blank. */
    public static RegistryCredentials of(String username, String secret) {
        if (username == null || username.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("registry credentials need a username and a password or token");
        }
        return new RegistryCredentials(username, secret);
    }

    public boolean isPresent() {
        return username != null;
    }

    /** The username, or {@code null} for {@link #none()}. Usernames are not secret. */
    public String username() {
        return username;
    }

    /** The {@code Authorization} header value for Basic auth. Package-private: only the HTTP layer needs it. */
    String basicAuthorization() {
        if (!isPresent()) {
            throw new IllegalStateException("no credentials");
        }
        String pair = username + ":" + secret;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryCredentials other
                && Objects.equals(username, other.username) && Objects.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, secret);
    }

    @Override
    public String toString() {
        return isPresent() ? "RegistryCredentials[username=" + username + ", secret=***]" : "RegistryCredentials[none]";
    }
}
