package com.larkops.skill.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract over real HTTP: a server on a free port, called with the JDK client. */
class SkillServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SkillServer server;

    /** Replies with what it was given, so the test sees how the request was parsed. */
    private static final class Mirror implements Skill {
        public String name() {
            return "mirror";
        }

        public List<String> commands() {
            return List.of("mirror", "m");
        }

        public SkillReply invoke(Invocation in) {
            if (in.text().equals("card")) {
                return SkillReply.card(Map.of("elements", List.of()));
            }
            if (in.text().equals("boom")) {
                throw new IllegalStateException("secret internal detail");
            }
            return SkillReply.text(in.text() + "|" + in.user() + "|" + in.chat() + "|" + in.messageId() + "|" + in.flag("x"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = SkillServer.start(new Mirror(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzAndInfo() throws Exception {
        assertThat(call("GET", "/healthz", null).statusCode()).isEqualTo(200);
        JsonNode info = JSON.readTree(call("GET", "/info", null).body());
        assertThat(info.get("name").asText()).isEqualTo("mirror");
        assertThat(info.get("version").asText()).isEqualTo(SkillInfo.UNKNOWN_VERSION); // classes dir: no manifest
        assertThat(info.get("commands").toString()).isEqualTo("[\"mirror\",\"m\"]");
    }

    @Test
    void invokeParsesTheContractAndIgnoresUnknownFields() throws Exception {
        HttpResponse<String> r = call("POST", "/invoke",
                "{\"text\":\" hi \",\"user\":\"ou_1\",\"chat\":\"oc_2\",\"message_id\":\"om_3\",\"flags\":{\"x\":true},\"later\":1}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(r.body()).get("text").asText()).isEqualTo("hi|ou_1|oc_2|om_3|true");
    }

    @Test
    void cardReplies() throws Exception {
        JsonNode body = JSON.readTree(call("POST", "/invoke", "{\"text\":\"card\"}").body());
        assertThat(body.has("card")).isTrue();
        assertThat(body.has("text")).isFalse();
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        assertThat(call("POST", "/invoke", "not json").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/invoke", null).statusCode()).isEqualTo(405);
        assertThat(call("POST", "/invoke", "{\"text\":\"" + "a".repeat(SkillServer.MAX_BODY) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void aFailingSkillIs500WithoutItsDetail() throws Exception {
        HttpResponse<String> r = call("POST", "/invoke", "{\"text\":\"boom\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret internal detail").contains("skill mirror failed");
    }
}
