package com.larkops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.larkops.model.DurationText;
import com.larkops.model.InvalidInputException;
import com.larkops.model.ServiceName;
import com.larkops.signature.VerifyPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates {@code larkops.yaml}. Every key is known here; an unknown key is an error that
 * names it, so a typo never silently changes behaviour.
 */
public final class ConfigFile {
    /** Lark cards can be updated for 14 days; an approval must be decided (and its card updated) within that. */
    public static final Duration MAX_APPROVAL_TTL = Duration.ofDays(14);

    private static final Set<String> TOP_KEYS = Set.of("registry", "registry_insecure", "chats", "roles", "services",
            "network", "keep_stopped", "approval_ttl", "prune_schedule", "follow_poll", "verify", "runtime");
    private static final Set<String> ROLE_KEYS = Set.of("deployers", "approvers");
    private static final Set<String> SERVICE_KEYS = Set.of("repository", "port", "health", "env_file", "soak",
            "health_timeout", "memory", "cpus", "stop_grace", "retention", "skill", "commands", "timeout", "role", "volumes",
            "follow", "chat", "verify",
            "replicas", "update_parallelism", "constraints", "health_cmd", "health_interval", "health_retries", "health_start_period");
    private static final Set<String> SWARM_KEYS = Set.of("replicas", "update_parallelism", "constraints", "health_cmd",
            "health_interval", "health_retries", "health_start_period");
    private static final java.util.regex.Pattern CONSTRAINT =
            java.util.regex.Pattern.compile("(node|engine)\\.[A-Za-z0-9_.\\-]{1,100}\\s*(==|!=)\\s*[A-Za-z0-9_.\\-:/]{1,200}");
    private static final Set<String> RETENTION_KEYS = Set.of("keep_versions", "keep_days", "keep_known_good", "untagged_days");
    private static final Set<String> SCHEDULE_KEYS = Set.of("every", "apply", "chat");
    private static final java.util.regex.Pattern COMMAND_WORD = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final java.util.regex.Pattern VOLUME = java.util.regex.Pattern.compile("/[^:,\\s]*:/[^:,\\s]*(:(ro|rw))?");

    private ConfigFile() {
    }

    public static LarkopsConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("LARKOPS_CONFIG: " + file + " does not exist; copy deploy/larkops.example.yaml there and edit it");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    public static LarkopsConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            // a second `chats:` must not silently replace the first (and open the bot to every chat)
            YAMLFactory yamlFactory = YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            root = new ObjectMapper(yamlFactory).readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw new ConfigException(source + ": key " + message.substring("Duplicate field ".length()) + " appears twice"
                        + (e.getLocation() == null ? "" : " (second one on line " + e.getLocation().getLineNr() + ")")
                        + "; keep one");
            }
            throw new ConfigException(source + ": not valid YAML (" + message + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a mapping with at least 'registry' and 'services'");
        }
        try {
            return read(root);
        } catch (InvalidInputException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static LarkopsConfig read(JsonNode root) {
        checkKeys(root, TOP_KEYS, "");
        String registry = text(root, "registry", null, "registry");
        if (registry == null || registry.isBlank() || !registry.matches("[A-Za-z0-9.\\-]+(:[0-9]+)?|\\[[0-9a-fA-F:]+](:[0-9]+)?")) {
            throw new ConfigException("registry: expected host[:port] of the image registry, e.g. 127.0.0.1:5000");
        }
        JsonNode roles = root.path("roles");
        if (!roles.isMissingNode()) {
            checkKeys(roles, ROLE_KEYS, "roles.");
        }
        VerifyPolicy verifyDefault = VerifySection.read(root.path("verify"), "verify", VerifyPolicy.NONE);
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        JsonNode servicesNode = root.path("services");
        if (!servicesNode.isMissingNode() && !servicesNode.isNull()) {
            if (!servicesNode.isObject()) {
                throw new ConfigException("services: expected a mapping of service name to settings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                services.put(e.getKey(), service(e.getKey(), e.getValue(), verifyDefault));
            }
        }
        checkSkillWordsUnique(services);
        int keepStopped = integer(root, "keep_stopped", 3, "keep_stopped");
        if (keepStopped < 1 || keepStopped > 20) {
            throw new ConfigException("keep_stopped is " + keepStopped + ": expected 1-20");
        }
        RuntimeKind runtime = RuntimeKind.parse(text(root, "runtime", "docker", "runtime"));
        Map<String, SwarmServiceConfig> swarm = new LinkedHashMap<>();
        if (!servicesNode.isMissingNode() && !servicesNode.isNull()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                SwarmServiceConfig s = swarm(e.getValue(), "services." + e.getKey() + ".", runtime);
                if (s != null) {
                    swarm.put(e.getKey(), s);
                }
            }
        }
        Duration approvalTtl = duration(root, "approval_ttl", Duration.ofHours(24), "approval_ttl");
        if (approvalTtl.isZero() || approvalTtl.compareTo(MAX_APPROVAL_TTL) > 0) {
            throw new ConfigException("approval_ttl is " + DurationText.format(approvalTtl) + ": expected more than 0 and at most 14d "
                    + "(Lark stops updating a card 14 days after it was sent, so a later decision could not be shown on it)");
        }
        return new LarkopsConfig(
                registry,
                root.path("registry_insecure").asBoolean(false),
                List.copyOf(strings(root, "chats")),
                Collections.unmodifiableSet(new LinkedHashSet<>(strings(roles, "deployers"))),
                Collections.unmodifiableSet(new LinkedHashSet<>(strings(roles, "approvers"))),
                Collections.unmodifiableMap(services),
                text(root, "network", "larkops", "network"),
                keepStopped,
                approvalTtl,
                pruneSchedule(root.path("prune_schedule")),
                follow(root, servicesNode, strings(root, "chats")),
                runtime, swarm);
    }

    /** The Swarm keys of a service: only with {@code runtime: swarm}, where a health check must be said. */
    private static SwarmServiceConfig swarm(JsonNode node, String p, RuntimeKind runtime) {
        if (runtime != RuntimeKind.SWARM) {
            for (String key : SWARM_KEYS) {
                if (node.has(key)) {
                    throw new ConfigException(p + key + ": only with 'runtime: swarm'");
                }
            }
            return null;
        }
        int replicas = integer(node, "replicas", 1, p + "replicas");
        if (replicas < 1 || replicas > 100) {
            throw new ConfigException(p + "replicas is " + replicas + ": expected 1-100");
        }
        int parallelism = integer(node, "update_parallelism", 1, p + "update_parallelism");
        if (parallelism < 1 || parallelism > replicas) {
            throw new ConfigException(p + "update_parallelism is " + parallelism + ": expected 1-" + replicas + " (at most replicas)");
        }
        List<String> constraints = strings(node, "constraints");
        for (String c : constraints) {
            if (!CONSTRAINT.matcher(c).matches()) {
                throw new ConfigException(p + "constraints: '" + c + "' is not a placement constraint like node.labels.env==prod");
            }
        }
        JsonNode cmd = node.path("health_cmd");
        List<String> test;
        if (cmd.isMissingNode() || cmd.isNull()) {
            throw new ConfigException(p + "health_cmd: say how the engine checks a task, e.g. [/bin/busybox, sh, -c, \"…\"], "
                    + "or 'image' to use the image's HEALTHCHECK; the rolling update is gated on it");
        } else if (cmd.isTextual() && cmd.asText().equals("image")) {
            test = List.of();
        } else if (cmd.isTextual() && !cmd.asText().isBlank()) {
            test = List.of("CMD-SHELL", cmd.asText());
        } else if (cmd.isArray() && !cmd.isEmpty()) {
            List<String> words = new java.util.ArrayList<>(List.of("CMD"));
            cmd.forEach(w -> words.add(w.asText()));
            test = words;
        } else {
            throw new ConfigException(p + "health_cmd: expected a command (list = exec form, string = shell form) or 'image'");
        }
        Duration interval = duration(node, "health_interval", SwarmServiceConfig.DEFAULT_INTERVAL, p + "health_interval");
        int retries = integer(node, "health_retries", SwarmServiceConfig.DEFAULT_RETRIES, p + "health_retries");
        if (retries < 1 || retries > 20) {
            throw new ConfigException(p + "health_retries is " + retries + ": expected 1-20");
        }
        if (interval.compareTo(Duration.ofMillis(500)) < 0) {
            throw new ConfigException(p + "health_interval is " + DurationText.format(interval) + ": expected at least 500ms");
        }
        return new SwarmServiceConfig(replicas, parallelism, constraints, test, interval, retries,
                duration(node, "health_start_period", SwarmServiceConfig.DEFAULT_START_PERIOD, p + "health_start_period"));
    }

    /** {@code follow}/{@code chat} per service and {@code follow_poll} at the top. */
    private static FollowSettings follow(JsonNode root, JsonNode servicesNode, List<String> chats) {
        Map<String, FollowPolicy> policies = new LinkedHashMap<>();
        Map<String, String> newsChats = new LinkedHashMap<>();
        if (servicesNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = "services." + e.getKey() + ".";
                String policy = text(e.getValue(), "follow", null, p + "follow");
                if (policy != null) {
                    policies.put(e.getKey(), FollowPolicy.parse(policy, p + "follow"));
                }
                String chat = text(e.getValue(), "chat", null, p + "chat");
                if (chat != null) {
                    if (!chats.isEmpty() && !chats.contains(chat)) {
                        throw new ConfigException(p + "chat is '" + chat + "': not one of chats " + chats + "; the bot only speaks where it obeys");
                    }
                    newsChats.put(e.getKey(), chat);
                }
            }
        }
        Duration poll = duration(root, "follow_poll", null, "follow_poll");
        if (poll != null && poll.compareTo(FollowSettings.MIN_POLL) < 0) {
            throw new ConfigException("follow_poll is " + DurationText.format(poll) + ": expected at least "
                    + DurationText.format(FollowSettings.MIN_POLL) + " (the registry is not a hot loop)");
        }
        return new FollowSettings(policies, newsChats, Optional.ofNullable(poll));
    }

    private static RetentionPolicy retention(JsonNode node, String p) {
        if (node.isMissingNode() || node.isNull()) {
            return RetentionPolicy.DEFAULT;
        }
        checkKeys(node, RETENTION_KEYS, p);
        RetentionPolicy d = RetentionPolicy.DEFAULT;
        int versions = integer(node, "keep_versions", d.keepVersions(), p + "keep_versions");
        int days = integer(node, "keep_days", d.keepDays(), p + "keep_days");
        int knownGood = integer(node, "keep_known_good", d.keepKnownGood(), p + "keep_known_good");
        int untagged = integer(node, "untagged_days", d.untaggedDays(), p + "untagged_days");
        try {
            return new RetentionPolicy(versions, days, knownGood, untagged);
        } catch (ConfigException e) {
            throw new ConfigException(p.substring(0, p.length() - "retention.".length()) + e.getMessage());
        }
    }

    private static Optional<PruneSchedule> pruneSchedule(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        checkKeys(node, SCHEDULE_KEYS, "prune_schedule.");
        Duration every = duration(node, "every", null, "prune_schedule.every");
        if (every == null) {
            throw new ConfigException("prune_schedule.every: say how often, e.g. 24h");
        }
        JsonNode apply = node.path("apply");
        if (!apply.isMissingNode() && !apply.isBoolean()) {
            throw new ConfigException("prune_schedule.apply is '" + apply.asText() + "': expected true or false");
        }
        return Optional.of(new PruneSchedule(every, apply.asBoolean(false), text(node, "chat", null, "prune_schedule.chat")));
    }

    private static ServiceConfig service(String name, JsonNode node, VerifyPolicy verifyDefault) {
        ServiceName.parse(name);
        String p = "services." + name + ".";
        if (!node.isObject()) {
            throw new ConfigException(p.substring(0, p.length() - 1) + ": expected a mapping with repository, port, health");
        }
        checkKeys(node, SERVICE_KEYS, p);
        String repository = text(node, "repository", null, p + "repository");
        if (repository == null || !repository.matches("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*")) {
            throw new ConfigException(p + "repository: expected a repository path like skills/echo (lowercase)");
        }
        Optional<Long> memory = Optional.ofNullable(text(node, "memory", null, p + "memory")).map(m -> bytes(m, p + "memory"));
        Optional<Double> cpus = node.has("cpus") ? Optional.of(node.get("cpus").asDouble()) : Optional.empty();
        return new ServiceConfig(name, repository,
                integer(node, "port", 8080, p + "port"),
                text(node, "health", "/healthz", p + "health"),
                Optional.ofNullable(text(node, "env_file", null, p + "env_file")).map(Path::of),
                duration(node, "soak", ServiceConfig.DEFAULT_SOAK, p + "soak"),
                duration(node, "health_timeout", ServiceConfig.DEFAULT_HEALTH_TIMEOUT, p + "health_timeout"),
                memory, cpus,
                duration(node, "stop_grace", ServiceConfig.DEFAULT_STOP_GRACE, p + "stop_grace"),
                retention(node.path("retention"), p + "retention."),
                skill(node, p), skillWords(node, p), skillTimeout(node, p), skillRole(node, p), volumes(node, p),
                VerifySection.read(node.path("verify"), p + "verify", verifyDefault));
    }

    private static boolean skill(JsonNode node, String p) {
        JsonNode v = node.path("skill");
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(p + "skill is '" + v.asText() + "': expected true or false");
        }
        return v.asBoolean();
    }

    /** The chat words a skill answers ({@code /echo …}); only skills have them. */
    private static List<String> skillWords(JsonNode node, String p) {
        List<String> words = strings(node, "commands");
        if (!words.isEmpty() && !skill(node, p)) {
            throw new ConfigException(p + "commands: only a skill answers chat words; add 'skill: true'");
        }
        for (String w : words) {
            if (!COMMAND_WORD.matcher(w).matches()) {
                throw new ConfigException(p + "commands: '" + w + "' is not a command word (lowercase letters, digits, '-'; no '/')");
            }
        }
        return words;
    }

    private static Duration skillTimeout(JsonNode node, String p) {
        Duration t = duration(node, "timeout", ServiceConfig.DEFAULT_SKILL_TIMEOUT, p + "timeout");
        if (t.compareTo(Duration.ofMillis(100)) < 0 || t.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException(p + "timeout is " + DurationText.format(t) + ": expected 100ms-60s");
        }
        return t;
    }

    private static String skillRole(JsonNode node, String p) {
        String role = text(node, "role", "reader", p + "role");
        if (!Set.of("reader", "deployer", "approver").contains(role)) {
            throw new ConfigException(p + "role is '" + role + "': expected reader, deployer or approver");
        }
        return role;
    }

    private static List<String> volumes(JsonNode node, String p) {
        List<String> volumes = strings(node, "volumes");
        for (String v : volumes) {
            if (!VOLUME.matcher(v).matches()) {
                throw new ConfigException(p + "volumes: '" + v + "' is not /host/path:/container/path[:ro|:rw]");
            }
        }
        return volumes;
    }

    private static void checkSkillWordsUnique(Map<String, ServiceConfig> services) {
        Map<String, String> owner = new LinkedHashMap<>();
        for (ServiceConfig s : services.values()) {
            for (String w : s.commands()) {
                String before = owner.putIfAbsent(w, s.name());
                if (before != null) {
                    throw new ConfigException("services." + s.name() + ".commands: /" + w + " is already answered by skill " + before);
                }
            }
        }
    }

    private static void checkKeys(JsonNode node, Set<String> known, String prefix) {
        if (!node.isObject()) {
            throw new ConfigException(prefix + ": expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException("unknown key '" + prefix + key + "' (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(path + ": expected a single value");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String key, int fallback, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ConfigException(path + " is '" + v.asText() + "': expected a whole number");
        }
        return v.asInt();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback, String path) {
        String t = text(node, key, null, path);
        if (t == null) {
            return fallback;
        }
        try {
            return DurationText.parse(t);
        } catch (InvalidInputException e) {
            throw new ConfigException(path + ": " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException(key + ": expected a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    static long bytes(String text, String path) {
        var m = java.util.regex.Pattern.compile("(\\d+)([kmg]?)b?", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(path + " is '" + text + "': expected a size like 256m or 1g");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
