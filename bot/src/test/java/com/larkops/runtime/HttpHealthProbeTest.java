package com.larkops.runtime;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHealthProbeTest {
    private HttpServer server;
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    // generous for the answers that come (a loaded machine can take a second for the first one); the slow
    // path answers far later than the short probe waits
    private final HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(10));
    private final HttpHealthProbe shortProbe = new HttpHealthProbe(Duration.ofMillis(500));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", exchange -> answer(exchange, 204));
        server.createContext("/sick", exchange -> answer(exchange, 503));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/healthz");
            answer(exchange, 302);
        });
        server.createContext("/slow", exchange -> {
            await(release);
            answer(exchange, 200);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void onlyTwoHundredsAreHealthy() {
        int port = server.getAddress().getPort();

        assertThat(probe.isHealthy("127.0.0.1", port, "/healthz")).isTrue();
        assertThat(probe.isHealthy("127.0.0.1", port, "healthz")).isTrue();
        assertThat(probe.isHealthy("127.0.0.1", port, "/sick")).isFalse();
        assertThat(probe.isHealthy("127.0.0.1", port, "/moved")).isFalse();
        assertThat(probe.isHealthy("127.0.0.1", port, "/missing")).isFalse();
    }

    @Test
    void slowAndClosedAreUnhealthy() throws IOException {
        int port = server.getAddress().getPort();
        assertThat(shortProbe.isHealthy("127.0.0.1", port, "/slow")).isFalse();

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(probe.isHealthy("127.0.0.1", closedPort, "/healthz")).isFalse();
    }

    @Test
    void ipv6AddressesAreBracketed() {
        assertThat(HttpHealthProbe.uri("fd00::2", 8080, "/healthz").toString()).isEqualTo("http://[fd00::2]:8080/healthz");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
