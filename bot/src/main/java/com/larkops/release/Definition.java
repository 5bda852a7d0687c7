package com.larkops.release;

import com.larkops.config.ServiceConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A service's definition, image aside, as larkops creates its container from the config: env file, volumes,
 * groups, network, limits, port and health path. A container carries it in the {@code larkops.spec} label as one
 * short hash per part ({@code volumes:1a2b3c4d,…}), so a deploy of the digest that already runs can tell whether
 * the definition changed, and which part, without the database and without showing a value (no path, no secret).
 * The env file's contents are not part of it (they are read when the container is created, never planned).
 */
public record Definition(Map<String, String> parts) {
    public Definition {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    public static Definition of(ServiceConfig service, String network) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("env_file", service.envFile().map(Object::toString).orElse(""));
        parts.put("volumes", String.join("\n", new TreeSet<>(service.volumes())));
        parts.put("group_add", String.join("\n", new TreeSet<>(service.groupAdd())));
        parts.put("network", network == null ? "" : network);
        parts.put("memory", service.memoryBytes().map(String::valueOf).orElse(""));
        parts.put("cpus", service.cpus().map(String::valueOf).orElse(""));
        parts.put("port", String.valueOf(service.port()));
        parts.put("health", service.health());
        Map<String, String> hashed = new LinkedHashMap<>();
        parts.forEach((k, v) -> hashed.put(k, hash(k + "=" + v)));
        return new Definition(hashed);
    }

    /** The label's value. */
    public String label() {
        List<String> out = new ArrayList<>();
        parts.forEach((k, v) -> out.add(k + ":" + v));
        return String.join(",", out);
    }

    /**
     * The parts that differ from a container's {@code larkops.spec} label, in this definition's order. A container
     * without the label (made before larkops recorded definitions) cannot be compared: it counts as changed, so an
     * explicit deploy of what it runs replaces it once (the normal way: health gate, old one kept) and records it.
     */
    public Optional<String> changesFrom(String label) {
        if (label == null || label.isBlank()) {
            return Optional.of("definition not recorded (container made by an older larkops)");
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String part : label.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                before.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        List<String> changed = parts.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
        return changed.isEmpty() ? Optional.empty() : Optional.of(CHANGED + String.join(", ", changed));
    }

    private static final String CHANGED = "definition changed: ";

    /** A stored {@link #changedFrom} line ("definition changed: volumes") as a person reads it; the part names are config keys. */
    static com.larkops.i18n.Text text(String stored) {
        return stored.startsWith(CHANGED) ? com.larkops.i18n.Msg.of("release.plan.definition_changed", stored.substring(CHANGED.length()))
                : com.larkops.i18n.Text.verbatim(stored);
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
