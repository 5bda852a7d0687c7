package com.larkops.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image config blob larkops looks at: labels (the version it claims to be),
 * environment and history (checked for secret-looking values before promotion), and when it was
 * built. {@code created} is null when the image does not say or says something unreadable.
 */
public record ImageConfig(Map<String, String> labels, List<String> env, Instant created, List<HistoryEntry> history) {

    /** One build step; {@code emptyLayer} steps (ENV, LABEL…) changed metadata only. */
    public record HistoryEntry(String createdBy, boolean emptyLayer) {
    }

    public ImageConfig {
        labels = Map.copyOf(labels);
        env = List.copyOf(env);
        history = List.copyOf(history);
    }

    /** Reads a config blob ({@code application/vnd.oci.image.config.v1+json} or Docker's equivalent). */
    static ImageConfig parse(byte[] bytes) {
        JsonNode root = RegistryJson.read(bytes, "image config");
        JsonNode config = root.path("config");
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText("")));
        List<String> env = new ArrayList<>();
        config.path("Env").forEach(e -> env.add(e.asText("")));
        List<HistoryEntry> history = new ArrayList<>();
        root.path("history").forEach(h -> history.add(
                new HistoryEntry(h.path("created_by").asText(""), h.path("empty_layer").asBoolean(false))));
        return new ImageConfig(labels, env, instant(root.path("created").asText(null)), history);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
