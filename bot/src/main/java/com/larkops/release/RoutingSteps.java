package com.larkops.release;

import com.larkops.command.Trace;
import com.larkops.runtime.RuntimeChanges;
import com.larkops.runtime.RuntimeReads;

import java.util.List;
import java.util.Optional;

/**
 * Traffic: {@link Step.Detach} takes a kept container off the service aliases before it is healthy again;
 * {@link Step.Route} gives the new one the aliases (the cut-over of a container rollout). The engine cannot change
 * the aliases of an attached container, so both detach it and attach it again.
 */
final class RoutingSteps {
    private final RuntimeReads runtime;
    private final RuntimeChanges changes;

    RoutingSteps(RuntimeReads runtime, RuntimeChanges changes) {
        this.runtime = runtime;
        this.changes = changes;
    }

    void detach(Step.Detach d) {
        changes.ensureNetwork(d.network());
        reattach(d.container(), d.network(), List.of());
    }

    /**
     * A kept container restarted for a rollback may hold the aliases already: no re-route needed; the health
     * gate's last look just saw them, so ask the engine again only when there was no such look.
     */
    Optional<String> route(Step.Route r, StepHandlers.StepRun run) {
        List<String> aliases = run.seenAliases().remove(new StepHandlers.OnNetwork(r.container(), r.network()));
        if (!(aliases != null ? aliases : runtime.aliasesOn(r.container(), r.network())).containsAll(r.aliases())) {
            reattach(r.container(), r.network(), r.aliases());
        }
        Trace.mark(Trace.Stage.ROUTED);
        return Optional.empty();
    }

    private void reattach(String container, String network, List<String> aliases) {
        changes.disconnect(container, network);
        changes.connect(container, network, aliases);
    }
}
