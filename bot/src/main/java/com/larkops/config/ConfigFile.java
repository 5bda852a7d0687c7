package com.larkops.config;

import com.larkops.i18n.Language;
import com.larkops.model.DurationText;
import com.larkops.model.InvalidInputException;
import com.larkops.model.ServiceName;
import com.larkops.signature.VerifyPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code larkops.yaml}. Jackson binds the text onto {@link YamlShape}, where every key is
 * known, so an unknown key is an error that names it and a typo never silently changes behaviour; the values
 * are checked here, each error naming the path to the value and what is expected.
 */
public final class ConfigFile {
    /** Lark cards can be updated for 14 days; an approval must be decided (and its card updated) within that. */
    public static final Duration MAX_APPROVAL_TTL = Duration.ofDays(14);

    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]+)?|\\[[0-9a-fA-F:]+](:[0-9]+)?");

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
        try {
            YamlShape.File file = YamlBinding.read(yaml);
            if (file == null) {
                throw new ConfigException("expected a mapping with at least 'registry' and 'services'");
            }
            return read(file);
        } catch (InvalidInputException | ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static Language language(String text) {
        try {
            return Language.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("language: " + e.getMessage());
        }
    }

    private static LarkopsConfig read(YamlShape.File f) {
        String registry = f.registry();
        if (registry == null || registry.isBlank() || !REGISTRY.matcher(registry).matches()) {
            throw new ConfigException("registry: expected host[:port] of the image registry, e.g. 127.0.0.1:5000");
        }
        List<String> chats = orEmpty(f.chats());
        RuntimeKind runtime = RuntimeKind.parse(f.runtime());
        VerifyPolicy verifyDefault = VerifySection.read(f.verify(), "verify", VerifyPolicy.NONE);
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        Map<String, SwarmServiceConfig> swarm = new LinkedHashMap<>();
        Map<String, FollowPolicy> policies = new LinkedHashMap<>();
        Map<String, String> newsChats = new LinkedHashMap<>();
        for (Map.Entry<String, YamlShape.Service> e : (f.services() == null ? Map.<String, YamlShape.Service>of() : f.services()).entrySet()) {
            String name = e.getKey();
            new ServiceName(name); // as written, no blanks trimmed: the key is the name everything else uses
            String p = "services." + name + ".";
            YamlShape.Service s = e.getValue();
            if (s == null) {
                throw new ConfigException("services." + name + ": expected a mapping with repository, port, health");
            }
            services.put(name, ServiceSection.service(name, s, p, verifyDefault));
            ServiceSection.swarm(s, p, runtime).ifPresent(settings -> swarm.put(name, settings));
            if (s.follow() != null) {
                policies.put(name, FollowPolicy.parse(s.follow(), p + "follow"));
            }
            if (s.chat() != null) {
                if (!chats.isEmpty() && !chats.contains(s.chat())) {
                    throw new ConfigException(p + "chat is '" + s.chat() + "': not one of chats " + chats + "; the bot only speaks where it obeys");
                }
                newsChats.put(name, s.chat());
            }
        }
        checkSkillWordsUnique(services);
        int keepStopped = f.keepStopped() == null ? 3 : f.keepStopped();
        if (keepStopped < 1 || keepStopped > 20) {
            throw new ConfigException("keep_stopped is " + keepStopped + ": expected 1-20");
        }
        Duration approvalTtl = f.approvalTtl() == null ? Duration.ofHours(24) : f.approvalTtl();
        if (approvalTtl.isZero() || approvalTtl.compareTo(MAX_APPROVAL_TTL) > 0) {
            throw new ConfigException("approval_ttl is " + DurationText.format(approvalTtl) + ": expected more than 0 and at most 14d "
                    + "(Lark stops updating a card 14 days after it was sent, so a later decision could not be shown on it)");
        }
        Duration poll = f.followPoll();
        if (poll != null && poll.compareTo(FollowSettings.MIN_POLL) < 0) {
            throw new ConfigException("follow_poll is " + DurationText.format(poll) + ": expected at least "
                    + DurationText.format(FollowSettings.MIN_POLL) + " (the registry is not a hot loop)");
        }
        YamlShape.Roles roles = f.roles() == null ? new YamlShape.Roles(null, null) : f.roles();
        Set<String> approvers = Collections.unmodifiableSet(new LinkedHashSet<>(orEmpty(roles.approvers())));
        return new LarkopsConfig(
                registry,
                Boolean.TRUE.equals(f.registryInsecure()),
                List.copyOf(chats),
                Collections.unmodifiableSet(new LinkedHashSet<>(orEmpty(roles.deployers()))),
                approvers,
                Collections.unmodifiableMap(services),
                f.network() == null ? "larkops" : f.network(),
                keepStopped,
                approvalTtl,
                pruneSchedule(f.pruneSchedule()),
                new FollowSettings(policies, newsChats, Optional.ofNullable(poll)),
                runtime, swarm, ApprovalSection.read(f.approvals(), approvers), DeployCalendar.read(f.timezone(), f.windows()),
                f.incidents() == null ? IncidentSettings.DEFAULT
                        : IncidentSettings.read(f.incidents().watch(), f.incidents().urgent(), f.incidents().recovery()),
                language(f.language()));
    }

    private static Optional<PruneSchedule> pruneSchedule(YamlShape.Schedule s) {
        if (s == null) {
            return Optional.empty();
        }
        if (s.every() == null) {
            throw new ConfigException("prune_schedule.every: say how often, e.g. 24h");
        }
        return Optional.of(new PruneSchedule(s.every(), Boolean.TRUE.equals(s.apply()), s.chat()));
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

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
