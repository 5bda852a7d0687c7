package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.runtime.SwarmNode;
import com.larkops.runtime.SwarmTask;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Swarm nodes that left a rolling update while it ran: a node that held one of the service's tasks while ready and
 * active, and later was drained or went down. The tasks the engine shut down there are the node's doing,
 * not failures of the new image; the chat is told in one line where they went (or that the engine rolled back).
 * Fed one poll at a time by {@link SwarmSteps#await}; decides on data only.
 */
final class NodesLeft {
    /** Node id → hostname of the nodes that held a task of the service while ready and active. */
    private final Map<String, String> held = new LinkedHashMap<>();
    /** Node id → how it left (the catalogue key: drained, went down), in the order seen. */
    private final Map<String, String> left = new LinkedHashMap<>();
    private boolean retried;

    void see(List<SwarmNode> nodes, List<SwarmTask> tasks) {
        for (SwarmNode n : nodes) {
            boolean hadTask = tasks.stream().anyMatch(t -> t.nodeId().equals(n.id()) && "running".equals(t.desiredState()));
            Optional<String> how = how(n);
            if (how.isEmpty() && hadTask) {
                held.put(n.id(), n.hostname());
            } else if (how.isPresent() && held.containsKey(n.id())) {
                left.putIfAbsent(n.id(), how.get());
            }
        }
    }

    boolean any() {
        return !left.isEmpty();
    }

    /** The engine rolled back over a task a leaving node shut down, and the update was applied once more. */
    void retried() {
        retried = true;
    }

    /** What the engine did while (or because) a node left: the outcome of the one line {@link #notConverged} says. */
    enum Outcome {
        MOVING("release.swarm.left.moving"), ROLLED_BACK("release.swarm.left.rolled_back"),
        PAUSED("release.swarm.left.paused"), NOT_CONVERGED("release.swarm.left.not_converged");

        private final String key;

        Outcome(String key) {
            this.key = key;
        }
    }

    /** {@code node b drained during the update; tasks moved to a}, in every language: empty when no node left. */
    Optional<Text> converged(List<SwarmTask> running) {
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Set<String> on = new LinkedHashSet<>();
        running.stream().map(t -> t.node().isBlank() ? "?" : t.node()).sorted().forEach(on::add);
        return Optional.of(Msg.of(retried ? "release.swarm.moved_retried" : "release.swarm.moved", what(), String.join(", ", on)));
    }

    /** The same line when the update did not converge: {@code outcome} says what the engine did instead. */
    Optional<Text> notConverged(Outcome outcome) {
        return left.isEmpty() ? Optional.empty() : Optional.of(Msg.of(outcome.key + (retried ? "_again" : ""), what()));
    }

    private Text what() {
        return Msg.of("release.swarm.during", Text.joined(", ", left.entrySet().stream()
                .map(e -> Msg.of(e.getValue(), held.get(e.getKey()))).toList()));
    }

    private static Optional<String> how(SwarmNode n) {
        if (!"ready".equals(n.state())) {
            return Optional.of("release.swarm.node_down");
        }
        if ("drain".equals(n.availability())) {
            return Optional.of("release.swarm.node_drained");
        }
        return Optional.empty();
    }
}
