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
        this("127.0.0.1");
    }

    /** Listening on {@code bindAddress}: {@code 0.0.0.0} lets bots in containers reach it through a host address. */
    public FakeLark(String bindAddress) {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress(bindAddress));
        server.start();
        server.stubFor(post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-fake\",\"expire\":7200}")));
        server.stubFor(post(urlPathMatching("/open-apis/im/v1/messages/[^/]+/reply"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_reply_{{request.id}}\"}}")
                        .withTransformers("response-template")));
        server.stubFor(post(urlPathEqualTo("/open-apis/im/v1/messages"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_sent_{{request.id}}\"}}")
                        .withTransformers("response-template")));
        server.stubFor(patch(urlPathMatching("/open-apis/im/v1/messages/[^/]+"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));
        // Lark's in-app urgent message (PATCH …/urgent_app?user_id_type=open_id, body {"user_id_list": [...]})
        server.stubFor(patch(urlPathMatching("/open-apis/im/v1/messages/[^/]+/urgent_app"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"invalid_user_id_list\":[]}}")));
    }

    /**
     * The contact API's members of a user group ({@code GET /open-apis/contact/v3/group/{id}/member/simplelist}), one
     * page, as Lark's documentation shows the answer.
     */
    public void groupMembers(String groupId, String... openIds) {
        StringBuilder list = new StringBuilder();
        for (String id : openIds) {
            list.append(list.isEmpty() ? "" : ",").append("{\"member_id\":\"").append(id)
                    .append("\",\"member_type\":\"user\",\"member_id_type\":\"open_id\"}");
        }
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/open-apis/contact/v3/group/" + groupId + "/member/simplelist"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":0,\"msg\":\"success\",\"data\":{\"memberlist\":[" + list
                                + "],\"has_more\":false,\"page_token\":\"\"}}")));
    }

    /** Every urgent buzz the bot sent: the message it is about and the query and body as sent. */
    public List<Sent> urgents() {
        return sent().stream().filter(s -> s.method().equals("PATCH") && s.path().endsWith("/urgent_app")).toList();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** A request the bot sent to the messaging API (not token requests). */
    public record Sent(String method, String path, String query, JsonNode body, String responseMessageId, java.util.Date at) {
        public boolean isReply() {
            return method.equals("POST") && path.endsWith("/reply");
        }

        public boolean isPatchOf(String messageId) {
            return method.equals("PATCH") && path.equals("/open-apis/im/v1/messages/" + messageId);
        }

        public boolean interactive() {
            return isReply() || path.equals("/open-apis/im/v1/messages") ? "interactive".equals(body.path("msg_type").asText()) : method.equals("PATCH");
        }

        /**
         * The text of a text message; of a card, what it says: its title and every text in it, one per line,
         * character references decoded (mentions and font tags stay as they are).
         */
        public String text() {
            JsonNode content = parse(body.path("content").asText("{}"));
            if ("text".equals(body.path("msg_type").asText())) {
                return content.path("text").asText();
            }
            StringBuilder sb = new StringBuilder(decode(content.path("header").path("title").path("content").asText())).append('\n');
            JsonNode body = content.has("body") ? content.path("body") : content.path("elements");
            body.findParents("content").forEach(n -> {
                if (n.path("content").isTextual()) {
                    sb.append(decode(n.path("content").asText())).append('\n');
                }
            });
            return sb.toString().stripTrailing();
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
            String path = q < 0 ? url : url.substring(0, q);
            out.add(new Sent(r.getMethod().getName(), path, q < 0 ? "" : url.substring(q + 1),
                    parse(r.getBodyAsString()), (path.endsWith("/reply") ? "om_reply_" : "om_sent_") + r.getId(), r.getLoggedDate()));
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

    /**
     * A live card posted to a chat (not as a reply) whose first content matches {@code posted}, then patched in
     * place until it matches {@code patched}; returns that last patch.
     */
    public Sent awaitPostedCard(Predicate<String> posted, Predicate<String> patched, Duration timeout) {
        Sent first = await(s -> s.method().equals("POST") && s.path().equals("/open-apis/im/v1/messages")
                && "interactive".equals(s.body().path("msg_type").asText()) && posted.test(s.text()), timeout, "a posted card");
        return await(s -> s.method().equals("PATCH") && s.path().equals("/open-apis/im/v1/messages/" + first.responseMessageId())
                && patched.test(s.text()), timeout, "the posted card " + first.responseMessageId() + " patched as expected");
    }

    /**
     * A live card replied in a thread ({@code reply_in_thread}: news about a topic that has its first message) whose
     * first content matches {@code posted}, then patched in place until it matches {@code patched}; returns that patch.
     */
    public Sent awaitThreadedCard(Predicate<String> posted, Predicate<String> patched, Duration timeout) {
        Sent first = await(s -> s.isReply() && s.body().path("reply_in_thread").asBoolean()
                && "interactive".equals(s.body().path("msg_type").asText()) && posted.test(s.text()), timeout, "a card in a thread");
        return await(s -> s.method().equals("PATCH") && s.path().equals("/open-apis/im/v1/messages/" + first.responseMessageId())
                && patched.test(s.text()), timeout, "the threaded card " + first.responseMessageId() + " patched as expected");
    }

    /**
     * Waits until the answer to {@code messageId} matches: its reply, or (for a live card) any later PATCH
     * of that reply; returns the matching message.
     */
    public Sent awaitReply(String messageId, Predicate<String> text, Duration timeout) {
        return await(s -> {
            if (!s.path().startsWith("/open-apis/im/v1/messages/") || !text.test(s.text())) {
                return false;
            }
            if (s.path().equals("/open-apis/im/v1/messages/" + messageId + "/reply")) {
                return true;
            }
            return s.method().equals("PATCH") && repliesTo(messageId).stream().anyMatch(r -> s.isPatchOf(r.responseMessageId()));
        }, timeout, "a matching reply to " + messageId);
    }

    /** Everything sent about one command: its replies and every PATCH of them, in order. */
    public List<Sent> conversation(String messageId) {
        List<Sent> replies = repliesTo(messageId);
        return sent().stream().filter(s -> replies.contains(s) || replies.stream().anyMatch(r -> s.isPatchOf(r.responseMessageId())))
                .sorted(java.util.Comparator.comparing(Sent::at)).toList();
    }

    /** The next {@code times} PATCHes are refused as Lark does when rate limited: 429, code 99991400, {@code x-ogw-ratelimit-reset}. */
    /**
     * Answers the next {@code times} PATCHes of the card that replies to the message {@code messageId} with 429 and
     * {@code x-ogw-ratelimit-reset: resetSeconds}, as Lark does past its rate. Other messages' patches (a late patch of
     * an earlier card) pass, so the refusal lands on the conversation under test.
     */
    public void rateLimitPatchesOfTheReplyTo(String messageId, int times, int resetSeconds) {
        String scenario = "rate-limit-" + ids.incrementAndGet();
        for (int i = 0; i < times; i++) {
            server.stubFor(patch(urlPathMatching("/open-apis/im/v1/messages/[^/]+")).atPriority(1)
                    .andMatching(request -> com.github.tomakehurst.wiremock.matching.MatchResult.of(repliesTo(messageId).stream()
                            .anyMatch(r -> request.getUrl().startsWith("/open-apis/im/v1/messages/" + r.responseMessageId()))))
                    .inScenario(scenario).whenScenarioStateIs(i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "limited-" + i)
                    .willSetStateTo("limited-" + (i + 1))
                    .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                            .withHeader("x-ogw-ratelimit-limit", "5").withHeader("x-ogw-ratelimit-reset", String.valueOf(resetSeconds))
                            .withBody("{\"code\":99991400,\"msg\":\"request trigger frequency limit\"}")));
        }
    }

    public void reset() {
        server.resetRequests();
    }

    static String decode(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("&#([0-9]{1,5});").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))));
        }
        m.appendTail(sb);
        return sb.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
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
