package com.larkops.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The services/policy file ({@code larkops.yaml}), validated: see {@link ConfigFile} for the keys. */
public record LarkopsConfig(String registry, boolean registryInsecure, List<String> chats, Set<String> deployers,
                            Set<String> approvers, Map<String, ServiceConfig> services, String network,
                            int keepStopped, Duration approvalTtl, Optional<PruneSchedule> pruneSchedule,
                            FollowSettings follow) {

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
    }

    public Optional<ServiceConfig> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public boolean chatAllowed(String chatId) {
        return chats.isEmpty() || chats.contains(chatId);
    }
}
