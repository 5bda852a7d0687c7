package com.larkops.registry;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.net.BoundedBody;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only place that sends HTTP to a registry. It answers auth challenges (Basic, or Bearer via
 * {@link BearerTokens}) and retries once, follows blob redirects without handing our Authorization
 * header to a storage CDN, and turns transport failures, 401/403, 429 and 5xx into typed
 * {@link RegistryException}s. Other statuses are returned for the endpoint to interpret.
 */
final class RegistryHttp {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 5;

    private final String host;
    private final URI base;
    private final RegistryCredentials credentials;
    private final HttpClient http;
    private final BearerTokens tokens;
    /** The challenge last seen per kind of access, so later calls authenticate up front instead of after a 401. */
    private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private volatile AuthChallenge basicChallenge;

    RegistryHttp(String host, RegistryCredentials credentials, boolean insecure) {
        this.host = host;
        this.base = URI.create((insecure || RegistryNames.isLoopback(host) ? "http://" : "https://") + host);
        this.credentials = Objects.requireNonNull(credentials, "credentials; use RegistryCredentials.none()");
        // Redirects are followed by hand: the JDK would resend our Authorization header to the redirect target.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.tokens = new BearerTokens(http, credentials, host, insecure, REQUEST_TIMEOUT, Clock.systemUTC());
    }

    /** {@code http://host} or {@code https://host}. */
    URI base() {
        return base;
    }

    HttpResponse<byte[]> send(RegistryRequest request) {
        AuthChallenge known = challenges.getOrDefault(request.access(), basicChallenge);
        String authorization = known == null ? null : authorization(known, request);
        HttpResponse<byte[]> response = exchange(request, authorization);
        if (response.statusCode() == 401) {
            AuthChallenge challenge = AuthChallenge.pick(response.headers().allValues("WWW-Authenticate"))
                    .orElseThrow(() -> refused(request, Msg.of("app.registry.no_challenge")));
            if (authorization != null && challenge.isBearer()) {
                tokens.forget(challenge);
            }
            challenges.put(request.access(), challenge);
            if (challenge.isBasic()) {
                basicChallenge = challenge;
            }
            response = exchange(request, authorization(challenge, request));
            if (response.statusCode() == 401) {
                throw refused(request, credentials.isPresent() ? Msg.of("app.registry.credentials_of", credentials.username())
                        : Msg.of("app.registry.anonymous"));
            }
        }
        return checkAvailable(request, response);
    }

    private String authorization(AuthChallenge challenge, RegistryRequest request) {
        if (challenge.isBearer()) {
            return "Bearer " + tokens.tokenFor(challenge, request.repository());
        }
        if (!credentials.isPresent()) {
            throw new RegistryAuthException(Msg.of("app.registry.needs_login", host), host, request.repository(),
                    Msg.of("app.registry.next.set_login"));
        }
        return credentials.basicAuthorization();
    }

    private HttpResponse<byte[]> exchange(RegistryRequest request, String authorization) {
        URI uri = base.resolve(request.path());
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()))
                    .header("User-Agent", "larkops-registry-client");
            request.headers().forEach(builder::header);
            if (authorization != null && sameServer(uri)) {
                builder.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response = call(builder.build(), request);
            String location = response.headers().firstValue("Location").orElse(null);
            if (isRedirect(response.statusCode()) && location != null && request.mayFollowRedirects() && hop < MAX_REDIRECTS) {
                uri = uri.resolve(location);
                continue;
            }
            return response;
        }
    }

    private HttpResponse<byte[]> call(HttpRequest httpRequest, RegistryRequest request) {
        try {
            // a HEAD's Content-Length describes the body it does not send: nothing to bound
            return http.send(httpRequest, request.method().equals("HEAD") ? HttpResponse.BodyHandlers.replacing(new byte[0])
                    : BoundedBody.upTo((int) request.maxBytes()));
        } catch (HttpTimeoutException e) {
            throw unavailable(request, Msg.of("app.registry.timeout", host), e);
        } catch (IOException e) {
            if (BoundedBody.tooLarge(e)) {
                throw new RegistryException(request.repository() == null
                        ? Msg.of("app.registry.too_large", host, request.maxBytes(), request.method())
                        : Msg.of("app.registry.too_large.in", host, request.maxBytes(), request.method(), request.repository()), host,
                        request.repository(), Msg.of("app.registry.next.size"), e);
            }
            throw unavailable(request, Msg.of("app.registry.unreachable", host, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(request, Msg.of("app.registry.interrupted", host), e);
        }
    }

    private HttpResponse<byte[]> checkAvailable(RegistryRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 403) {
            boolean reads = request.method().equals("GET") || request.method().equals("HEAD");
            throw new RegistryAuthException(request.repository() == null ? Msg.of("app.registry.denied.registry", host, request.method())
                    : Msg.of("app.registry.denied", host, request.method(), request.repository()), host,
                    request.repository(), Msg.of(reads ? "app.registry.next.may_pull" : "app.registry.next.may_push"));
        }
        if (status == 429) {
            throw new RegistryUnavailableException(Msg.of("app.registry.rate_limited", host), host,
                    request.repository(), Msg.of("app.registry.next.wait_minute"), null);
        }
        if (status >= 500) {
            throw new RegistryUnavailableException(Msg.of("app.registry.server_error", host, status), host,
                    request.repository(), Msg.of("app.registry.next.later_logs"), null);
        }
        return response;
    }

    private RegistryAuthException refused(RegistryRequest request, Text what) {
        return new RegistryAuthException(Msg.of("app.registry.refused", host, what), host, request.repository(),
                Msg.of("app.registry.next.check_login"));
    }

    private RegistryUnavailableException unavailable(RegistryRequest request, Text what, Exception cause) {
        return new RegistryUnavailableException(what, host, request.repository(), Msg.of("app.registry.next.reachable"), cause);
    }

    private boolean sameServer(URI uri) {
        return Objects.equals(uri.getScheme(), base.getScheme()) && Objects.equals(uri.getRawAuthority(), base.getRawAuthority());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
