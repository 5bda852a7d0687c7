package com.larkops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.testing.LarkEventFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an operator's probe sees, from outside the bot: it shares no object with the bot or the bench's
 * docker-java client and talks only HTTP — to the bot's webhook (the signed event), to the engine's API on
 * its Unix socket (the container listing, and {@code start} for the floor) and to the container's health
 * path. Every {@value #PAUSE_MS} ms it lists the containers, then probes the one it waits for.
 */
final class OutsideClient {
    static final long PAUSE_MS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Path socket;
    private final String network;
    private final int port;
    private final String path;

    OutsideClient(String network, int port, String path) {
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        if (!host.startsWith("unix://")) {
            throw new IllegalStateException("the outside client speaks to the engine on a Unix socket; DOCKER_HOST is " + host);
        }
        this.socket = Path.of(host.substring("unix://".length()));
        this.network = network;
        this.port = port;
        this.path = path;
    }

    /** Posts the signed event to the bot's webhook; returns when the bot acknowledged it. */
    void send(int botPort, LarkEventFactory.Delivery d) {
        HttpResponse<String> r = LarkEventFactory.post(http, botPort, d);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("bot answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** {@code docker start} through the engine's API. */
    void start(String container) {
        engine("POST", "/containers/" + container + "/start");
    }

    /**
     * {@code docker start} sent without waiting for its answer, as the event is sent to the bot: the caller
     * polls from the moment it left, on the same clock as a rollback. Returns when the engine answered.
     */
    java.util.concurrent.CompletableFuture<Void> startSent(String container) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> start(container));
    }

    void stop(String container) {
        engine("POST", "/containers/" + container + "/stop?t=10");
    }

    /**
     * Polls until a running container matching the label filters (and carrying {@code digest}, when given)
     * answers 2xx on the health path at its address on the network; returns System.nanoTime() then.
     */
    long awaitServing(Map<String, List<String>> filters, String digest, Duration timeout) {
        String query = "/containers/json?filters=" + URLEncoder.encode(json(filters), StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode c : parse(engine("GET", query))) {
                if (digest != null && !digest.equals(c.path("Labels").path("larkops.digest").asText())) {
                    continue;
                }
                String ip = c.path("NetworkSettings").path("Networks").path(network).path("IPAddress").asText("");
                if ("running".equals(c.path("State").asText()) && !ip.isEmpty() && healthy(ip)) {
                    return System.nanoTime();
                }
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nothing matching " + filters + " served within " + timeout);
    }

    /**
     * The end state of a rollback, seen from outside: among the running containers matching {@code filters},
     * {@code only} is the one and only, and it answers 2xx on the health path. Looks at {@code t0},
     * {@code t0 + }{@value #PAUSE_MS}{@code  ms}, … (a fixed grid from when the clock started, whatever one
     * look costs); returns System.nanoTime() of the first look that saw it.
     */
    long awaitOnly(Map<String, List<String>> filters, String only, long t0, Duration timeout) {
        String query = "/containers/json?filters=" + URLEncoder.encode(json(filters), StandardCharsets.UTF_8);
        long deadline = t0 + timeout.toNanos();
        for (long look = t0; look < deadline; look += PAUSE_MS * 1_000_000) {
            sleepUntil(look);
            if (onlyServing(parse(engine("GET", query)), only)) {
                return System.nanoTime();
            }
        }
        throw new IllegalStateException(only + " was not the only one serving among " + filters + " within " + timeout);
    }

    private boolean onlyServing(JsonNode running, String only) {
        if (running.size() != 1) {
            return false;
        }
        JsonNode c = running.get(0);
        boolean named = false;
        for (JsonNode n : c.path("Names")) {
            named |= n.asText().equals("/" + only);
        }
        String ip = c.path("NetworkSettings").path("Networks").path(network).path("IPAddress").asText("");
        return named && "running".equals(c.path("State").asText()) && !ip.isEmpty() && healthy(ip);
    }

    /** The container's address on the network, from the engine ({@code GET /containers/{name}/json}); empty when none. */
    String ipOf(String container) {
        return parse(engine("GET", "/containers/" + container + "/json")).path("NetworkSettings").path("Networks")
                .path(network).path("IPAddress").asText("");
    }

    /** Whether {@code ip} answers 2xx on the health path now. */
    boolean servesAt(String ip) {
        return !ip.isEmpty() && healthy(ip);
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean healthy(String ip) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + path))
                    .timeout(Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One HTTP/1.0 exchange on the engine's socket (1.0: no chunked answer, the engine closes when done). */
    private String engine(String method, String target) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String request = method + " /v1.41" + target + " HTTP/1.0\r\nHost: docker\r\nContent-Length: 0\r\n\r\n";
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String answer = out.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyAt = answer.indexOf("\r\n\r\n");
            String body = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
            if (status >= 300 && status != 304) {
                throw new IllegalStateException(method + " " + target + ": engine answered " + status + " " + body.strip());
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("engine at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("engine answered something that is not JSON: " + body, e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
