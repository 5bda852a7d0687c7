package com.larkops.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The push webhooks of registries other than Distribution, each read in its documented payload and turned into
 * the same {@link Push} hints a notification gives (resolved against our registry by the follower's gates, never
 * trusted). None carries an event id, so the dedup key is a hash of what the payload says (repository, tag,
 * digest, time): a retry of the same delivery is a duplicate, a new push of the same tag is not.
 * <ul>
 * <li>Harbor {@code PUSH_ARTIFACT} (default format): {@code type}, {@code occur_at},
 * {@code event_data.resources[].digest|tag}, {@code event_data.repository.repo_full_name}.</li>
 * <li>Tencent Cloud TCR (Enterprise, Harbor-based) trigger: the same shape with {@code type} {@code pushImage}
 * (its documented sample could not be read in full here; larkops relies on exactly the Harbor fields above).</li>
 * <li>Alibaba Cloud ACR trigger: {@code push_data.digest|tag|pushed_at}, {@code repository.repo_full_name}
 * (else {@code namespace}/{@code name}).</li>
 * </ul>
 */
public enum PushWebhook {
    HARBOR("harbor", "LARKOPS_HARBOR_EVENTS_TOKEN"),
    TCR("tcr", "LARKOPS_TCR_EVENTS_TOKEN"),
    ACR("acr", "LARKOPS_ACR_EVENTS_TOKEN");

    /** Resources in one Harbor/TCR payload taken at most (Harbor sends one per pushed artifact). */
    public static final int MAX_RESOURCES = RegistryNotifications.MAX_EVENTS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String tokenVariable;

    PushWebhook(String source, String tokenVariable) {
        this.source = source;
        this.tokenVariable = tokenVariable;
    }

    /** The {@link Push#source()} of its pushes and the last part of its path. */
    public String source() {
        return source;
    }

    public String path() {
        return "/registry/events/" + source;
    }

    public String tokenVariable() {
        return tokenVariable;
    }

    public List<RegistryNotifications.Event> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException("not a " + this + " push payload: the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("not a " + this + " push payload: expected a JSON object");
        }
        return this == ACR ? acr(root) : harborShaped(root);
    }

    private List<RegistryNotifications.Event> harborShaped(JsonNode root) {
        String type = root.path("type").asText("");
        JsonNode data = root.path("event_data");
        if (!data.isObject()) {
            throw new InvalidInputException("not a " + this + " push payload: expected {\"type\", \"event_data\": {…}}");
        }
        boolean push = this == HARBOR ? type.equals("PUSH_ARTIFACT") : type.equalsIgnoreCase("pushImage") || type.equals("PUSH_ARTIFACT");
        if (!push) {
            return List.of();
        }
        String repository = data.path("repository").path("repo_full_name").asText("");
        JsonNode resources = data.path("resources");
        if (resources.size() > MAX_RESOURCES) {
            throw new InvalidInputException("too many resources in one payload (" + resources.size() + " > " + MAX_RESOURCES + ")");
        }
        List<RegistryNotifications.Event> out = new ArrayList<>();
        for (JsonNode r : resources) {
            event(repository, r.path("tag").asText(""), r.path("digest").asText(""), root.path("occur_at").asText("")).ifPresent(out::add);
        }
        return out;
    }

    private List<RegistryNotifications.Event> acr(JsonNode root) {
        JsonNode data = root.path("push_data");
        JsonNode repo = root.path("repository");
        if (!data.isObject() || !repo.isObject()) {
            throw new InvalidInputException("not an ACR push payload: expected {\"push_data\": {…}, \"repository\": {…}}");
        }
        String repository = repo.path("repo_full_name").asText("");
        if (repository.isEmpty() && !repo.path("namespace").asText("").isEmpty()) {
            repository = repo.path("namespace").asText() + "/" + repo.path("name").asText("");
        }
        return event(repository, data.path("tag").asText(""), data.path("digest").asText(""), data.path("pushed_at").asText(""))
                .map(List::of).orElse(List.of());
    }

    /** A push with a repository, a tag and a well-formed digest; anything less is skipped, as a notification's would be. */
    private Optional<RegistryNotifications.Event> event(String repository, String tag, String digest, String at) {
        if (repository.isEmpty() || tag.isEmpty() || repository.length() > 255 || tag.length() > 128) {
            return Optional.empty();
        }
        Digest d;
        try {
            d = Digest.parse(digest);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        String id = hash(source + "\n" + repository + "\n" + tag + "\n" + d.value() + "\n" + at);
        return Optional.of(new RegistryNotifications.Event(id, new Push(repository, tag, d, source)));
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return switch (this) {
            case HARBOR -> "Harbor";
            case TCR -> "TCR";
            case ACR -> "ACR";
        };
    }
}
