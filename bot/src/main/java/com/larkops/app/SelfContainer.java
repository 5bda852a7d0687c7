package com.larkops.app;

import com.larkops.model.Labels;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.util.Optional;

/**
 * Which managed container this bot runs in, if any: {@code LARKOPS_SELF_CONTAINER} when set, else the
 * container hostname the engine gives by default (the id's first 12 hex digits). On a host (tests, a
 * shell {@code run}) nothing matches and the bot is "not in a container".
 */
final class SelfContainer {
    private SelfContainer() {
    }

    static Optional<ContainerState> detect(RuntimeReads runtime) {
        String hint = System.getenv("LARKOPS_SELF_CONTAINER");
        if (hint == null || hint.isBlank()) {
            hint = System.getenv("HOSTNAME");
        }
        if (hint == null || hint.isBlank()) {
            return Optional.empty();
        }
        try {
            return runtime.inspect(hint.strip()).filter(c -> c.label(Labels.SERVICE) != null);
        } catch (RuntimeException e) {
            return Optional.empty(); // engine down at start: /healthz says so; self-deploy just is not special then
        }
    }
}
