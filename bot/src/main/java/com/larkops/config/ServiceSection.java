package com.larkops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.DurationText;
import com.larkops.signature.VerifyPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static com.larkops.config.ConfigFile.orEmpty;

/** One entry under {@code services:}, checked and given its defaults; {@code p} is its path, e.g. {@code services.echo.}. */
final class ServiceSection {
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern CONSTRAINT =
            Pattern.compile("(node|engine)\\.[A-Za-z0-9_.\\-]{1,100}\\s*(==|!=)\\s*[A-Za-z0-9_.\\-:/]{1,200}");
    private static final Pattern COMMAND_WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VOLUME = Pattern.compile("/[^:,\\s]*:/[^:,\\s]*(:(ro|rw))?");
    private static final Pattern GROUP = Pattern.compile("[0-9]{1,10}|[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)b?", Pattern.CASE_INSENSITIVE);

    private ServiceSection() {
    }

    static ServiceConfig service(String name, YamlShape.Service s, String p, VerifyPolicy verifyDefault) {
        if (s.repository() == null || !REPOSITORY.matcher(s.repository()).matches()) {
            throw new ConfigException(p + "repository: expected a repository path like skills/echo (lowercase)");
        }
        boolean skill = Boolean.TRUE.equals(s.skill());
        return new ServiceConfig(name, s.repository(),
                or(s.port(), 8080),
                or(s.health(), "/healthz"),
                Optional.ofNullable(s.envFile()).map(Path::of),
                or(s.soak(), ServiceConfig.DEFAULT_SOAK),
                or(s.healthTimeout(), ServiceConfig.DEFAULT_HEALTH_TIMEOUT),
                Optional.ofNullable(s.memory()).map(m -> bytes(m, p + "memory")),
                Optional.ofNullable(s.cpus()),
                or(s.stopGrace(), ServiceConfig.DEFAULT_STOP_GRACE),
                retention(s.retention(), p),
                skill, skillWords(orEmpty(s.commands()), skill, p), skillTimeout(s.timeout(), p), skillRole(s.role(), p),
                volumes(orEmpty(s.volumes()), p),
                VerifySection.read(s.verify(), p + "verify", verifyDefault),
                groupAdd(orEmpty(s.groupAdd()), p));
    }

    /** The Swarm keys of a service: only with {@code runtime: swarm}, where a health check must be said. */
    static Optional<SwarmServiceConfig> swarm(YamlShape.Service s, String p, RuntimeKind runtime) {
        if (runtime != RuntimeKind.SWARM) {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("replicas", s.replicas());
            given.put("update_parallelism", s.updateParallelism());
            given.put("constraints", s.constraints());
            given.put("health_cmd", s.healthCmd());
            given.put("health_interval", s.healthInterval());
            given.put("health_retries", s.healthRetries());
            given.put("health_start_period", s.healthStartPeriod());
            for (Map.Entry<String, Object> e : given.entrySet()) {
                if (e.getValue() != null) {
                    throw new ConfigException(p + e.getKey() + ": only with 'runtime: swarm'");
                }
            }
            return Optional.empty();
        }
        int replicas = or(s.replicas(), 1);
        if (replicas < 1 || replicas > 100) {
            throw new ConfigException(p + "replicas is " + replicas + ": expected 1-100");
        }
        int parallelism = or(s.updateParallelism(), 1);
        if (parallelism < 1 || parallelism > replicas) {
            throw new ConfigException(p + "update_parallelism is " + parallelism + ": expected 1-" + replicas + " (at most replicas)");
        }
        List<String> constraints = orEmpty(s.constraints());
        for (String c : constraints) {
            if (!CONSTRAINT.matcher(c).matches()) {
                throw new ConfigException(p + "constraints: '" + c + "' is not a placement constraint like node.labels.env==prod");
            }
        }
        Duration interval = or(s.healthInterval(), SwarmServiceConfig.DEFAULT_INTERVAL);
        int retries = or(s.healthRetries(), SwarmServiceConfig.DEFAULT_RETRIES);
        if (retries < 1 || retries > 20) {
            throw new ConfigException(p + "health_retries is " + retries + ": expected 1-20");
        }
        if (interval.compareTo(Duration.ofMillis(500)) < 0) {
            throw new ConfigException(p + "health_interval is " + DurationText.format(interval) + ": expected at least 500ms");
        }
        return Optional.of(new SwarmServiceConfig(replicas, parallelism, constraints, healthTest(s.healthCmd(), p), interval, retries,
                or(s.healthStartPeriod(), SwarmServiceConfig.DEFAULT_START_PERIOD)));
    }

    /** {@code health_cmd}: a list is the exec form, a string the shell form, {@code image} the image's own HEALTHCHECK. */
    private static List<String> healthTest(JsonNode cmd, String p) {
        if (cmd == null || cmd.isNull()) {
            throw new ConfigException(p + "health_cmd: say how the engine checks a task, e.g. [/bin/busybox, sh, -c, \"…\"], "
                    + "or 'image' to use the image's HEALTHCHECK; the rolling update is gated on it");
        } else if (cmd.isTextual() && cmd.asText().equals("image")) {
            return List.of();
        } else if (cmd.isTextual() && !cmd.asText().isBlank()) {
            return List.of("CMD-SHELL", cmd.asText());
        } else if (cmd.isArray() && !cmd.isEmpty()) {
            List<String> words = new ArrayList<>(List.of("CMD"));
            cmd.forEach(w -> words.add(w.asText()));
            return words;
        }
        throw new ConfigException(p + "health_cmd: expected a command (list = exec form, string = shell form) or 'image'");
    }

    private static RetentionPolicy retention(YamlShape.Retention r, String p) {
        if (r == null) {
            return RetentionPolicy.DEFAULT;
        }
        RetentionPolicy d = RetentionPolicy.DEFAULT;
        try {
            return new RetentionPolicy(or(r.keepVersions(), d.keepVersions()), or(r.keepDays(), d.keepDays()),
                    or(r.keepKnownGood(), d.keepKnownGood()), or(r.untaggedDays(), d.untaggedDays()));
        } catch (ConfigException e) {
            throw new ConfigException(p + e.getMessage()); // RetentionPolicy names retention.<key>
        }
    }

    /** The chat words a skill answers ({@code /echo …}); only skills have them. */
    private static List<String> skillWords(List<String> words, boolean skill, String p) {
        if (!words.isEmpty() && !skill) {
            throw new ConfigException(p + "commands: only a skill answers chat words; add 'skill: true'");
        }
        for (String w : words) {
            if (w == null || !COMMAND_WORD.matcher(w).matches()) {
                throw new ConfigException(p + "commands: '" + w + "' is not a command word (lowercase letters, digits, '-'; no '/')");
            }
        }
        return words;
    }

    private static Duration skillTimeout(Duration timeout, String p) {
        Duration t = or(timeout, ServiceConfig.DEFAULT_SKILL_TIMEOUT);
        if (t.compareTo(Duration.ofMillis(100)) < 0 || t.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException(p + "timeout is " + DurationText.format(t) + ": expected 100ms-60s");
        }
        return t;
    }

    private static String skillRole(String role, String p) {
        String r = or(role, "reader");
        if (!Set.of("reader", "deployer", "approver").contains(r)) {
            throw new ConfigException(p + "role is '" + r + "': expected reader, deployer or approver");
        }
        return r;
    }

    private static List<String> volumes(List<String> volumes, String p) {
        for (String v : volumes) {
            if (v == null || !VOLUME.matcher(v).matches()) {
                throw new ConfigException(p + "volumes: '" + v + "' is not /host/path:/container/path[:ro|:rw]");
            }
        }
        return volumes;
    }

    /** Group names as the engine takes them (looked up in the image's /etc/group) or numeric gids. */
    private static List<String> groupAdd(List<Object> groups, String p) {
        List<String> out = new ArrayList<>();
        for (Object g : groups) {
            String text = g == null ? "" : String.valueOf(g).strip();
            if (!GROUP.matcher(text).matches()) {
                throw new ConfigException(p + "group_add: '" + text + "' is not a group name or a numeric gid");
            }
            out.add(text);
        }
        return out;
    }

    static long bytes(String text, String path) {
        var m = SIZE.matcher(text.trim());
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

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
