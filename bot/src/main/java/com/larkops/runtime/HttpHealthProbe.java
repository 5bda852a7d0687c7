package com.larkops.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One health check: {@code GET http://ip:port/path} answers 2xx within the timeout. The bot reaches
 * the container's address on its bridge network directly, so the service needs no published port.
 */
public final class HttpHealthProbe {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Duration timeout;
    private final HttpClient http;

    public HttpHealthProbe() {
        this(DEFAULT_TIMEOUT);
    }

    public HttpHealthProbe(Duration timeout) {
        this.timeout = timeout;
        // a redirect is not health: the service must answer on the configured path itself
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** True only for a 2xx answer; refused, timed out, 3xx/4xx/5xx are all "not healthy". */
    public boolean isHealthy(String ip, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(uri(ip, port, path)).timeout(timeout).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static URI uri(String ip, int port, String path) {
        if (ip == null || ip.isBlank()) {
            throw new IllegalArgumentException("no address to probe");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        String host = ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
        String normalizedPath = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        return URI.create("http://" + host + ":" + port + normalizedPath);
    }
}
