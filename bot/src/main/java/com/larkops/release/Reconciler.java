package com.larkops.release;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs at start: a release left in progress by a crash (kill -9 mid-deploy) is settled from the
 * engine's state. If the previous container still serves, the half-started one is undone and the
 * release marked failed; if the cut-over had already happened and the new container is healthy, it
 * is completed. Either way exactly one container serves the service/env afterwards, and the chat
 * that asked is told.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final LarkopsConfig config;
    private final ContainerRuntime runtime;
    private final ReleaseHistory history;
    private final HealthGate health;
    private final java.util.function.Predicate<Release> busyElsewhere;

    public Reconciler(LarkopsConfig config, ContainerRuntime runtime, ReleaseHistory history, HealthGate health) {
        this(config, runtime, history, health, r -> false);
    }

    /**
     * {@code busyElsewhere}: the release is being run right now by another live bot process (during a
     * self-deploy the new bot starts while the old one still awaits its health): leave it to that process.
     */
    public Reconciler(LarkopsConfig config, ContainerRuntime runtime, ReleaseHistory history, HealthGate health,
                      java.util.function.Predicate<Release> busyElsewhere) {
        this.config = config;
        this.runtime = runtime;
        this.history = history;
        this.health = health;
        this.busyElsewhere = busyElsewhere;
    }

    /** Releases in progress that another live process is still running; {@link #reconcile} leaves them alone. */
    public List<Release> busyElsewhere() {
        return history.inProgress().stream().filter(busyElsewhere).toList();
    }

    /** A message for the chat that started an interrupted release. */
    public record Notice(String chat, String text) {
    }

    public List<Notice> reconcile() {
        return reconcile(r -> true);
    }

    /** Settles only the in-progress releases {@code which} accepts (a follow-up must not touch this process's own). */
    public List<Notice> reconcile(java.util.function.Predicate<Release> which) {
        List<Notice> notices = new ArrayList<>();
        for (Release r : history.inProgress()) {
            if (!which.test(r)) {
                continue;
            }
            if (busyElsewhere.test(r)) {
                log.info("release #{} of {} is in progress in another live bot process; left to it", r.id(), r.service());
                continue;
            }
            String text;
            try {
                text = settle(r);
            } catch (RuntimeException e) {
                history.failed(r.id(), "interrupted by a bot restart; recovery failed: " + e.getMessage());
                text = "release #" + r.id() + " of " + r.service() + " " + r.version() + " in " + r.env()
                        + " was interrupted and could not be recovered automatically: " + e.getMessage() + "; check /digest " + r.service();
            }
            log.warn("{}", text);
            notices.add(new Notice(r.chat(), text));
        }
        return notices;
    }

    private String settle(Release r) {
        if (config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            return settleSwarm(r);
        }
        Optional<ServiceConfig> service = config.service(r.service());
        String network = config.network();
        List<String> aliases = DeployPlanner.aliases(r.service(), r.env());
        Optional<Release> previous = history.live(r.service(), r.env());
        String mine = r.container();
        List<ContainerState> running = runtime.listManaged().stream().filter(ContainerState::running)
                .filter(c -> c.isOf(r.service(), r.env())).toList();
        Optional<ContainerState> prevRunning = previous.flatMap(p -> running.stream().filter(c -> c.name().equals(p.container())).findFirst());
        Optional<ContainerState> mineRunning = running.stream().filter(c -> c.name().equals(mine)).findFirst();
        String label = "release #" + r.id() + " (" + r.kind().label() + " " + r.service() + " " + r.version() + " to " + r.env() + ")";

        if (prevRunning.isPresent()) {
            undo(r, mine);
            route(prevRunning.get().name(), network, aliases);
            history.failed(r.id(), "interrupted by a bot restart before it completed; " + previous.get().version() + " kept serving");
            return label + " was interrupted by a bot restart; it was undone and " + previous.get().version() + " ("
                    + previous.get().digest().shortForm() + ") still serves";
        }
        boolean mineHealthy = mineRunning.isPresent() && service.isPresent()
                && health.isHealthyNow(mine, service.get().port(), service.get().health(), network);
        if (mineHealthy) {
            route(mine, network, aliases);
            history.live(r.id(), mine, java.time.Instant.now());
            return label + " was interrupted by a bot restart after its container became healthy; it was completed and serves now";
        }
        undo(r, mine);
        String restored = "nothing serves it now";
        if (previous.isPresent() && previous.get().container() != null) {
            runtime.start(previous.get().container());
            route(previous.get().container(), network, aliases);
            restored = previous.get().version() + " (" + previous.get().digest().shortForm() + ") was restarted";
        }
        history.failed(r.id(), "interrupted by a bot restart; the new container was not healthy");
        return label + " was interrupted by a bot restart; it was undone and " + restored;
    }

    /**
     * Swarm: the engine carries an interrupted update on by itself (and rolls it back on failure), so there is
     * nothing to undo here, only the history to settle from what the service runs now.
     */
    private String settleSwarm(Release r) {
        String label = "release #" + r.id() + " (" + r.kind().label() + " " + r.service() + " " + r.version() + " to " + r.env() + ")";
        Optional<ContainerState> svc = r.container() == null ? Optional.empty() : runtime.inspect(r.container());
        boolean mine = svc.isPresent() && String.valueOf(r.id()).equals(svc.get().label(com.larkops.model.Labels.RELEASE_ID));
        if (mine && "healthy".equals(svc.get().health())) {
            history.live(r.id(), r.container(), java.time.Instant.now());
            return label + " was interrupted by a bot restart; the engine completed the update and it serves now";
        }
        String now = svc.map(c -> "the service runs " + c.image() + " (" + c.health() + ")").orElse("the service does not exist");
        history.failed(r.id(), "interrupted by a bot restart before the update converged; " + now);
        return label + " was interrupted by a bot restart before the update converged; " + now
                + " (the engine finishes or rolls back an update by itself); check /digest " + r.service();
    }

    private void undo(Release r, String container) {
        if (container == null) {
            return;
        }
        Optional<ContainerState> c = runtime.inspect(container);
        if (c.isEmpty()) {
            return;
        }
        runtime.stop(container, Duration.ofSeconds(5));
        if (container.equals(DeployPlanner.containerName(r.service(), r.env(), r.id()))) {
            runtime.remove(container);
        }
    }

    private void route(String container, String network, List<String> aliases) {
        PlanExecutor.route(runtime, new Step.Route(container, network, aliases));
    }
}
