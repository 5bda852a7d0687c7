package com.larkops.skill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.larkops.net.BoundedBody;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of the skill contract: {@code POST /invoke} with
 * {@code {"text","command","user","chat","message_id","flags"}}, answered by {@code {"text": …}} or
 * {@code {"card": {…}}}. Every failure becomes a {@link SkillUnavailable} with a short reason.
 */
public final class SkillClient {
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** What a skill is asked. */
    public record Invocation(String command, String text, String user, String chat, String messageId,
                             Map<String, Boolean> flags) {
    }

    /** What a skill answered: a text, or a card (with the text as its fallback). */
    public record Answer(String text, Optional<Map<String, Object>> card) {
    }

    public Answer invoke(String address, int port, Invocation inv, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", inv.text());
        body.put("command", inv.command());
        body.put("user", inv.user());
        body.put("chat", inv.chat());
        body.put("message_id", inv.messageId());
        body.put("flags", inv.flags());
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/invoke"))
                    .timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            response = http.send(request, BoundedBody.upTo(MAX_ANSWER_BYTES));
        } catch (HttpTimeoutException e) {
            throw SkillText.because("timeout", SkillText.duration(timeout));
        } catch (ConnectException e) {
            throw SkillText.because("refused");
        } catch (IOException e) {
            if (BoundedBody.tooLarge(e)) {
                throw SkillText.because("too_large");
            }
            throw SkillText.because("closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SkillText.because("timeout", SkillText.duration(timeout));
        }
        if (response.statusCode() / 100 != 2) {
            throw SkillText.because("http", response.statusCode());
        }
        return parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    static Answer parse(String body) {
        if (body == null || body.length() > MAX_ANSWER_BYTES) {
            throw SkillText.because("empty_or_large");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw SkillText.because("not_json");
        }
        if (node == null || !node.isObject()) {
            throw SkillText.because("not_object");
        }
        String text = node.path("text").isTextual() ? node.get("text").asText() : "";
        if (node.path("card").isObject()) {
            Map<String, Object> card = JSON.convertValue(node.get("card"), new TypeReference<>() { });
            return new Answer(text, Optional.of(card)); // a card alone: the router says "(card)" in the text
        }
        if (!node.path("text").isTextual()) {
            throw SkillText.because("no_text_or_card");
        }
        return new Answer(text, Optional.empty());
    }
}
