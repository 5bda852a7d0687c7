package com.larkops.retention;

import com.larkops.model.Digest;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the planner looks at, as data: the registry and host per repository, the release history,
 * every managed container (running or stopped), the digests of pending approvals, and the clock.
 *
 * @param scope           {@code all} or one service name
 * @param knownGoodToKeep per service, how many known-good digests per environment are protected
 * @param keepStopped     stopped containers kept per service/env for rollback
 */
public record RetentionInputs(String scope, List<RepositorySnapshot> repositories, List<Release> releases,
                              List<ContainerState> containers, Set<Digest> pendingApprovals,
                              Map<String, Integer> knownGoodToKeep, int keepStopped, Instant now) {
    public RetentionInputs {
        repositories = List.copyOf(repositories);
        releases = List.copyOf(releases);
        containers = List.copyOf(containers);
        pendingApprovals = Set.copyOf(pendingApprovals);
        knownGoodToKeep = Map.copyOf(knownGoodToKeep);
    }
}
