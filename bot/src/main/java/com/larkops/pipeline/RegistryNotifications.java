package com.larkops.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Distribution notification envelope ({@code application/vnd.docker.distribution.events.v1+json}):
 * {@code {"events":[{"id","action","target":{"mediaType","digest","repository","tag"}}]}}. Only manifest
 * pushes with a tag matter; blob pushes, pulls, deletes and mounts are skipped. The body was already
 * bounded by the HTTP edge; the number of events is capped here.
 */
public final class RegistryNotifications {
    public static final int MAX_EVENTS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryNotifications() {
    }

    /** One manifest push with the registry's own event id (the dedup key: the registry retries). */
    public record Event(String id, Push push) {
    }

    public static List<Event> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException("not a notification envelope: the body is not JSON");
        }
        if (root == null || !root.path("events").isArray()) {
            throw new InvalidInputException("not a notification envelope: expected {\"events\": [...]}");
        }
        JsonNode events = root.get("events");
        if (events.size() > MAX_EVENTS) {
            throw new InvalidInputException("too many events in one envelope (" + events.size() + " > " + MAX_EVENTS + ")");
        }
        List<Event> out = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode target = e.path("target");
            String mediaType = target.path("mediaType").asText("");
            String tag = target.path("tag").asText("");
            String repository = target.path("repository").asText("");
            String id = e.path("id").asText("");
            if (!"push".equals(e.path("action").asText()) || tag.isEmpty() || repository.isEmpty() || id.isEmpty()
                    || !isManifest(mediaType)) {
                continue;
            }
            digest(target.path("digest").asText("")).ifPresent(d -> out.add(new Event(id, new Push(repository, tag, d, "registry"))));
        }
        return out;
    }

    private static java.util.Optional<Digest> digest(String text) {
        try {
            return java.util.Optional.of(Digest.parse(text));
        } catch (InvalidInputException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isManifest(String mediaType) {
        return mediaType.contains("manifest") || mediaType.equals("application/vnd.oci.image.index.v1+json");
    }
}
