package com.larkops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Lark's Open API played by WireMock: tenant token, reply, send and card patch, all recorded. */
public final class FakeLark implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMockServer server;
    private final AtomicInteger ids = new AtomicInteger();

    public FakeLark() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-fake\",\"expire\":7200}")));
        server.stubFor(post(urlPathMatching("/open-apis/im/v1/messages/[^/]+/reply"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_reply\"}}")));
        server.stubFor(post(urlPathEqualTo("/open-apis/im/v1/messages"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_sent_{{request.id}}\"}}")
                        .withTransformers("response-template")));
        server.stubFor(patch(urlPathMatching("/open-apis/im/v1/messages/[^/]+"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** A request the bot sent to the messaging API (not token requests). */
    public record Sent(String method, String path, String query, JsonNode body, String responseMessageId) {
        /** The text of a text message, or the raw card JSON of an interactive one. */
        public String text() {
            JsonNode content = parse(body.path("content").asText("{}"));
            return "text".equals(body.path("msg_type").asText()) ? content.path("text").asText() : content.toString();
        }

        public JsonNode content() {
            return parse(body.path("content").asText("{}"));
        }
    }

    public List<Sent> sent() {
        List<Sent> out = new ArrayList<>();
        for (LoggedRequest r : server.findAll(anyRequestedFor(urlMatching("/open-apis/im/.*")))) {
            String url = r.getUrl();
            int q = url.indexOf('?');
            out.add(new Sent(r.getMethod().getName(), q < 0 ? url : url.substring(0, q), q < 0 ? "" : url.substring(q + 1),
                    parse(r.getBodyAsString()), "om_sent_" + r.getId()));
        }
        return out;
    }

    public List<Sent> repliesTo(String messageId) {
        return sent().stream().filter(s -> s.path().equals("/open-apis/im/v1/messages/" + messageId + "/reply")).toList();
    }

    /** Waits until a sent request matches, returning it; fails after the timeout. */
    public Sent await(Predicate<Sent> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Sent s : sent()) {
                if (match.test(s)) {
                    return s;
                }
            }
            sleep(50);
        }
        throw new AssertionError("Lark never received " + what + "; sent: " + sent());
    }

    public Sent awaitReply(String messageId, Predicate<String> text, Duration timeout) {
        return await(s -> s.path().equals("/open-apis/im/v1/messages/" + messageId + "/reply") && text.test(s.text()),
                timeout, "a matching reply to " + messageId);
    }

    public void reset() {
        server.resetRequests();
    }

    private static JsonNode parse(String s) {
        try {
            return s == null || s.isEmpty() ? JSON.createObjectNode() : JSON.readTree(s);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
