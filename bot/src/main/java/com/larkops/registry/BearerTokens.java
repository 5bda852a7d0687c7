package com.larkops.registry;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.fasterxml.jackson.databind.JsonNode;

import com.larkops.net.BoundedBody;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches and caches Bearer tokens from a registry's token realm (the Docker token protocol used
 * by Docker Hub, GHCR and Tencent TCR). Tokens are cached per realm, service and scope until just
 * before they expire, so a burst of manifest calls costs one token request, not one each.
 */
final class BearerTokens {
    /** A token answer is a few KiB; more is not a token service we can trust with memory. */
    static final int MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
    /** The token spec's default lifetime when the realm does not say. */
    private static final long DEFAULT_LIFETIME_SECONDS = 60;
    /** Renew a little early so a token does not expire between our check and the registry's. */
    private static final Duration EARLY = Duration.ofSeconds(10);

    private record Token(String value, Instant renewAfter) {
    }

    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final String host;
    private final boolean insecure;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    BearerTokens(HttpClient http, RegistryCredentials credentials, String host, boolean insecure, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.host = host;
        this.insecure = insecure;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** A valid token for this challenge: from the cache, or fetched from the realm now. */
    String tokenFor(AuthChallenge challenge, String repository) {
        String key = challenge.param("realm") + " " + challenge.param("service") + " " + challenge.param("scope");
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAfter())) {
            return cached.value();
        }
        Token fresh = fetch(challenge, repository);
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Forgets a token the registry just refused, so the retry fetches a new one. */
    void forget(AuthChallenge challenge) {
        cache.remove(challenge.param("realm") + " " + challenge.param("service") + " " + challenge.param("scope"));
    }

    private Token fetch(AuthChallenge challenge, String repository) {
        URI realm = realmUri(challenge, repository);
        HttpRequest.Builder request = HttpRequest.newBuilder(realm).timeout(requestTimeout).GET()
                .header("Accept", "application/json");
        if (credentials.isPresent() && mayReceiveCredentials(realm)) {
            request.header("Authorization", credentials.basicAuthorization());
        }
        HttpResponse<byte[]> response;
        Instant asked = clock.instant();
        try {
            response = http.send(request.build(), BoundedBody.upTo(MAX_TOKEN_RESPONSE_BYTES));
        } catch (IOException e) {
            throw new RegistryUnavailableException(BoundedBody.tooLarge(e)
                    ? Msg.of("app.registry.token.too_large", realm.getHost(), host, MAX_TOKEN_RESPONSE_BYTES)
                    : Msg.of("app.registry.token.no_answer", realm.getHost(), host, e.getClass().getSimpleName()), host, repository,
                    Msg.of("app.registry.next.network"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(Msg.of("app.registry.token.interrupted", realm.getHost()),
                    host, repository, Msg.of("app.registry.next.again"), e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            Text who = credentials.isPresent() ? Msg.of("app.registry.credentials_of", credentials.username())
                    : Msg.of("app.registry.anonymous");
            String scope = challenge.param("scope");
            throw new RegistryAuthException(scope == null ? Msg.of("app.registry.refused.registry", host, who)
                    : Msg.of("app.registry.refused.scope", host, who, scope), host, repository,
                    Msg.of("app.registry.next.check_login"));
        }
        if (status != 200) {
            throw new RegistryUnavailableException(Msg.of("app.registry.token.status", realm.getHost(), host, status), host, repository,
                    Msg.of("app.registry.next.later"), null);
        }
        JsonNode body;
        try {
            body = RegistryJson.read(response.body(), "token response");
        } catch (IllegalArgumentException e) {
            // no cause attached: the parser's message may quote the body, and the body is a token
            throw new RegistryException(Msg.of("app.registry.token.unreadable", host), host,
                    repository, Msg.of("app.registry.next.check_host"));
        }
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException(Msg.of("app.registry.token.none", host), host, repository,
                    Msg.of("app.registry.next.check_host"));
        }
        long lifetime = body.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS);
        return new Token(token, asked.plusSeconds(Math.max(lifetime, 0)).minus(EARLY));
    }

    private URI realmUri(AuthChallenge challenge, String repository) {
        String realm = challenge.param("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new RegistryAuthException(Msg.of("app.registry.token.no_service", host),
                    host, repository, Msg.of("app.registry.next.check_host"));
        }
        StringBuilder query = new StringBuilder();
        appendParam(query, "service", challenge.param("service"));
        String scope = challenge.param("scope");
        if (scope != null) {
            for (String one : scope.trim().split("\\s+")) {
                appendParam(query, "scope", one);
            }
        }
        String separator = realm.contains("?") ? "&" : "?";
        return URI.create(query.isEmpty() ? realm : realm + separator + query);
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** Our password goes only over TLS, to loopback, or where the operator explicitly chose insecure. */
    private boolean mayReceiveCredentials(URI realm) {
        return "https".equals(realm.getScheme()) || insecure
                || RegistryNames.isLoopback(realm.getRawAuthority() == null ? "" : realm.getRawAuthority());
    }

}
