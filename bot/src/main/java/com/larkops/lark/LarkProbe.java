package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The read-only Lark calls {@code doctor} makes, over plain HTTP so that each answer is seen as Lark gave
 * it (the SDK caches tokens and hides codes): a tenant token, "is the bot in this chat", and the long
 * connection's endpoint. Every answer is bounded to 64 KiB; nothing secret is returned or logged.
 */
public final class LarkProbe {
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Lark answer: {@code code} 0 is success; {@code msg} is Lark's own words for a failure; {@code body} the JSON. */
    public record Answer(int status, int code, String msg, JsonNode body) {
        public boolean ok() {
            return status == 200 && code == 0;
        }

        public String problem() {
            return status != 200 ? "HTTP " + status + (msg.isBlank() ? "" : " (" + msg + ")") : "code " + code + ": " + msg;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String appId;
    private final String appSecret;

    public LarkProbe(String baseUrl, String appId, String appSecret) {
        this.baseUrl = baseUrl;
        this.appId = appId;
        this.appSecret = appSecret;
    }

    /** POST auth/v3/tenant_access_token/internal; the token is {@code tenant_access_token} at the top level. */
    public Answer tenantToken() throws IOException {
        return post("/open-apis/auth/v3/tenant_access_token/internal", Map.of("app_id", appId, "app_secret", appSecret));
    }

    /** GET im/v1/chats/{chat}/members/is_in_chat as the bot: {@code data.is_in_chat}. */
    public Answer isInChat(String token, String chatId) throws IOException {
        String path = "/open-apis/im/v1/chats/" + URLEncoder.encode(chatId, StandardCharsets.UTF_8) + "/members/is_in_chat";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        return send(request);
    }

    /**
     * The first page of a Lark user group's user members ({@code contact/v3/group/{id}/member/simplelist}) or a
     * department's direct users ({@code contact/v3/users/find_by_department}), as open_ids: whether approvers listed
     * that way can be resolved at click time.
     */
    public Answer approverMembers(String token, com.larkops.model.ApproverRef ref) throws IOException {
        String id = URLEncoder.encode(ref.id(), StandardCharsets.UTF_8);
        String path = switch (ref.kind()) {
            case GROUP -> "/open-apis/contact/v3/group/" + id + "/member/simplelist?member_id_type=open_id&member_type=user&page_size=100";
            case DEPARTMENT -> "/open-apis/contact/v3/users/find_by_department?department_id=" + id + "&user_id_type=open_id&page_size=50";
            case USER -> throw new IllegalArgumentException("a user is no group");
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        return send(request);
    }

    /** POST callback/ws/endpoint: what the long connection asks first; {@code data.URL} is where it connects. */
    public Answer longConnectionEndpoint() throws IOException {
        return post("/callback/ws/endpoint", Map.of("AppID", appId, "AppSecret", appSecret));
    }

    private Answer post(String path, Map<String, String> body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private Answer send(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_BODY);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new Answer(response.statusCode(), -1, "not a Lark API answer", JSON.createObjectNode());
        }
        return new Answer(response.statusCode(), root.path("code").asInt(-1), root.path("msg").asText(""), root);
    }
}
