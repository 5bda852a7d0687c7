package com.larkops.app;

import com.larkops.testing.BotHarness;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's HTTP edge as a monitoring system and the public internet see it. */
class HttpEdgeIT {
    static final String CONFIG = """
            registry: 127.0.0.1:5999
            chats: [oc_ops]
            services: {}
            """;

    @Test
    void healthzAnswers503WithAShortReasonAndNoExceptionText() throws Exception {
        int closed = freePort();
        try (BotHarness bot = new BotHarness(CONFIG).withEnv("DOCKER_HOST", "tcp://127.0.0.1:" + closed).start()) {
            HttpResponse<String> r = get(bot.port(), "/healthz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("store: ok").contains("docker: engine not answering")
                    .doesNotContain("Exception", "refused", String.valueOf(closed), "tcp://");
            assertThat(r.body().length()).isLessThan(200);
        }
    }

    @Test
    void metricsCanBeKeptOffThePublicPort() throws Exception {
        int metricsPort = freePort();
        try (BotHarness bot = new BotHarness(CONFIG).withEnv("LARKOPS_METRICS_PORT", String.valueOf(metricsPort)).start()) {
            assertThat(get(bot.port(), "/metrics").statusCode()).isEqualTo(404);
            HttpResponse<String> metrics = get(metricsPort, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("larkops_events_received_total");
            assertThat(get(bot.port(), "/healthz").statusCode()).as("healthz stays on the main port").isIn(200, 503);
        }
    }

    @Test
    void metricsStayOnTheMainPortByDefault() throws Exception {
        try (BotHarness bot = new BotHarness(CONFIG).start()) {
            assertThat(get(bot.port(), "/metrics").body()).contains("larkops_events_received_total");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
