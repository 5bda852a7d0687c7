package com.larkops.runtime;

import java.util.List;
import java.util.Optional;

/** The Swarm services' read port (runtime: swarm); only the Swarm adapter has one. */
public interface SwarmReads {

    /** The Swarm service of that name, empty when there is none. */
    Optional<SwarmService> swarmService(String name);

    /** The service's tasks the orchestrator still tracks (current and recent), newest first. */
    List<SwarmTask> swarmTasks(String serviceName);

    List<SwarmNode> swarmNodes();
}
