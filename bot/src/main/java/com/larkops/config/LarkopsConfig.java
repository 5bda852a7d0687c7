package com.larkops.config;

import com.larkops.model.ServiceName;
import com.larkops.i18n.Language;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The services/policy file ({@code larkops.yaml}), validated: see {@link ConfigFile} for the keys. */
public record LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                            Set<String> approvers, Map<String, ServiceConfig> services, String network,
                            int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule,
                            FollowSettings follow, RuntimeKind runtime, Map<String, SwarmServiceConfig> swarm,
                            ApprovalPolicy prodApprovals, DeployCalendar calendar, IncidentSettings incidents, Language language) {

    /** Text replies and the shell in English (the default; cards carry every language anyway). */
    public LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                         Set<String> approvers, Map<String, ServiceConfig> services, String network,
                         int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule,
                         FollowSettings follow, RuntimeKind runtime, Map<String, SwarmServiceConfig> swarm,
                         ApprovalPolicy prodApprovals, DeployCalendar calendar, IncidentSettings incidents) {
        this(registry, registryInsecure, chats, deployers, approvers, services, network, keepStopped, approvalTtl, pruneSchedule,
                follow, runtime, swarm, prodApprovals, calendar, incidents, Language.DEFAULT);
    }

    /** Prod approved as {@code roles.approvers} say (one of them, on the card); no windows, times in UTC. */
    public LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                         Set<String> approvers, Map<String, ServiceConfig> services, String network,
                         int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule,
                         FollowSettings follow, RuntimeKind runtime, Map<String, SwarmServiceConfig> swarm) {
        this(registry, registryInsecure, chats, deployers, approvers, services, network, keepStopped, approvalTtl, pruneSchedule,
                follow, runtime, swarm, null, DeployCalendar.UTC, null);
    }

    /** On the Docker runtime (containers on this host). */
    public LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                         Set<String> approvers, Map<String, ServiceConfig> services, String network,
                         int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule, FollowSettings follow) {
        this(registry, registryInsecure, chats, deployers, approvers, services, network, keepStopped, approvalTtl, pruneSchedule,
                follow, RuntimeKind.DOCKER, Map.of(), null, DeployCalendar.UTC, null);
    }

    /** Without a prune schedule (off). */
    public LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                         Set<String> approvers, Map<String, ServiceConfig> services, String network,
                         int keepStopped, Duration approvalTtl) {
        this(registry, registryInsecure, chats, deployers, approvers, services, network, keepStopped, approvalTtl, Optional.empty(),
                FollowSettings.NONE);
    }

    /** Following nothing. */
    public LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                         Set<String> approvers, Map<String, ServiceConfig> services, String network,
                         int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule) {
        this(registry, registryInsecure, chats, deployers, approvers, services, network, keepStopped, approvalTtl, pruneSchedule,
                FollowSettings.NONE);
    }

    public LarkopsConfig {
        pruneSchedule = pruneSchedule == null ? Optional.empty() : pruneSchedule;
        follow = follow == null ? FollowSettings.NONE : follow;
        runtime = runtime == null ? RuntimeKind.DOCKER : runtime;
        swarm = swarm == null ? Map.of() : Map.copyOf(swarm);
        incidents = incidents == null ? IncidentSettings.DEFAULT : incidents;
        prodApprovals = prodApprovals == null ? ApprovalPolicy.ofRoles(approvers == null ? Set.of() : approvers) : prodApprovals;
        calendar = calendar == null ? DeployCalendar.UTC : calendar;
        language = language == null ? Language.DEFAULT : language;
    }

    /** The Swarm settings of a service (runtime: swarm); every service has them there. */
    public SwarmServiceConfig swarm(ServiceName service) {
        SwarmServiceConfig s = swarm.get(service.value());
        if (s == null) {
            throw new ConfigException("services." + service + " has no Swarm settings (runtime: " + runtime.name().toLowerCase() + ")");
        }
        return s;
    }

    public Optional<ServiceConfig> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Optional<ServiceConfig> service(ServiceName name) {
        return service(name.value());
    }

    public boolean chatAllowed(String chatId) {
        return chats.isEmpty() || chats.contains(chatId);
    }
}
