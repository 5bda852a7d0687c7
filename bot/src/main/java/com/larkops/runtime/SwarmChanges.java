package com.larkops.runtime;

/**
 * The Swarm services' change port (runtime: swarm): with {@link RuntimeChanges}, handed only to
 * {@code release/PlanExecutor}; only the Swarm adapter has one.
 */
public interface SwarmChanges {

    /** Creates the service, or updates it to {@code spec} (a rolling update as the spec says); registry auth is forwarded. */
    void applySwarmService(SwarmSpec spec);

    /** Asks the engine to put the service back on its one kept previous spec ({@code rollback=previous}). */
    void rollbackSwarmService(String name);

    /** Removes the service and its tasks; a missing one is a no-op. */
    void removeSwarmService(String name);
}
