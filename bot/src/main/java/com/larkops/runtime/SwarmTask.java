package com.larkops.runtime;

/**
 * One task (replica) of a Swarm service: where it runs and on which image.
 *
 * @param state        the engine's task state (new … running, complete, failed, shutdown, rejected)
 * @param desiredState running while the orchestrator wants it, shutdown when it is being replaced
 * @param health       the task container's health when the node reports it (healthy, unhealthy, starting), else empty
 */
public record SwarmTask(String id, int slot, String nodeId, String node, String image, String state, String desiredState,
                        String message, String error, String containerId) {

    /** The digest the task runs ({@code sha256:…}), from its pinned image reference. */
    public String digest() {
        int at = image.indexOf('@');
        return at < 0 ? "" : image.substring(at + 1);
    }

    public boolean running() {
        return "running".equals(state) && "running".equals(desiredState);
    }
}
