package com.larkops.runtime;

import java.util.Map;

/** A Swarm node: {@code state} ready/down/unknown, {@code availability} active/pause/drain, {@code role} manager/worker. */
public record SwarmNode(String id, String hostname, String role, String state, String availability, String address,
                        Map<String, String> labels) {
    public SwarmNode {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
