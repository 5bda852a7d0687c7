package com.larkops.config;

import java.time.Duration;

/**
 * The scheduled prune ({@code prune_schedule:} in larkops.yaml; off when absent): every {@code every} a plan
 * for all services is posted to {@code chat}, and applied only when {@code apply} is true.
 */
public record PruneSchedule(Duration every, boolean apply, String chat) {
    public PruneSchedule {
        if (every.compareTo(Duration.ofMinutes(5)) < 0) {
            throw new ConfigException("prune_schedule.every is too short: expected at least 5m");
        }
        if (chat == null || chat.isBlank()) {
            throw new ConfigException("prune_schedule.chat: name the chat that gets the plan, e.g. oc_ops");
        }
    }
}
