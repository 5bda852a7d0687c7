package com.larkops.config;

import com.larkops.model.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry-following part of the config: each service's {@code follow} policy and news chat
 * ({@code chat}, else the first of {@code chats}), and the optional poll interval ({@code follow_poll})
 * for registries that cannot send notifications.
 */
public record FollowSettings(Map<String, FollowPolicy> policies, Map<String, String> chats, Optional<Duration> poll) {
    public static final FollowSettings NONE = new FollowSettings(Map.of(), Map.of(), Optional.empty());
    public static final Duration MIN_POLL = Duration.ofSeconds(10);

    public FollowSettings {
        policies = Map.copyOf(policies);
        chats = Map.copyOf(chats);
        poll = poll == null ? Optional.empty() : poll;
    }

    public FollowPolicy policy(ServiceName service) {
        return policies.getOrDefault(service.value(), FollowPolicy.OFF);
    }

    /** Where unsolicited news about a service goes; empty when no chat is configured at all. */
    public Optional<String> chatFor(ServiceName service, List<String> allowedChats) {
        String own = chats.get(service.value());
        if (own != null) {
            return Optional.of(own);
        }
        return allowedChats.stream().findFirst();
    }

    public boolean anyFollowing() {
        return policies.values().stream().anyMatch(p -> p != FollowPolicy.OFF);
    }
}
