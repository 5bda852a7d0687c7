package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the recovery of a release a crash left in progress, from its record and what the engine shows.
 * Pure. If the previous container still serves, the half-started one is undone and the previous one keeps
 * (or gets back) the aliases; if the new container is healthy, it gets the aliases and the release is
 * completed; otherwise the new one is undone and the previous one restarted. Either way exactly one
 * container serves the service/env afterwards.
 */
public final class RecoveryPlanner {
    private RecoveryPlanner() {
    }

    /** What the engine shows for the release's service/env, read just before planning. */
    public record Seen(List<ContainerState> running, boolean mineExists, boolean mineHealthy) {
        public Seen {
            running = List.copyOf(running);
        }
    }

    /** The plan, whether it completes the release ({@code live}) or fails it, and what to tell the chat. */
    public record Recovery(Plan plan, boolean live, String failedDetail, Text message) {
        /** English: logs and tests. */
        public String text() {
            return message.in(com.larkops.i18n.Language.DEFAULT);
        }
    }

    /** "release #7 (deploy echo 2.0.0 to staging)". */
    static Text label(Release r) {
        return Msg.of("release.recovery.label", r.id(), Msg.of("release.kind." + r.kind().label()), r.service(), r.version(), r.env());
    }

    public static Recovery plan(Release r, Optional<Release> previous, Seen seen, String network) {
        return plan(r, previous, seen, network, Optional.empty());
    }

    /**
     * {@code self}: the container this bot runs in. When the interrupted release is this bot's own (a
     * self-deploy), it is retired later, on another thread, and never removed under the running bot.
     */
    public static Recovery plan(Release r, Optional<Release> previous, Seen seen, String network, Optional<String> self) {
        return plan(r, previous, seen, network, self, Optional.<com.larkops.config.ServiceConfig>empty());
    }

    /**
     * {@code service}: the service's config; when given, recovery finishes what the executor would have: the registry's
     * env tag moves to the digest that serves afterwards (the last step, as in a deploy), and when this bot must give
     * way to the previous container, that one passes its health gate and takes the traffic before this bot retires.
     */
    public static Recovery plan(Release r, Optional<Release> previous, Seen seen, String network, Optional<String> self,
                                Optional<com.larkops.config.ServiceConfig> service) {
        Optional<String> repository = service.map(com.larkops.config.ServiceConfig::repository);
        Optional<java.util.function.Function<String, Step>> gate = service.map(s -> c -> new Step.AwaitHealthy(c, s.port(),
                s.health(), s.healthTimeout(), network));
        Recovery recovery = settle(r, previous, seen, network, self, gate);
        Optional<com.larkops.model.Digest> serving = recovery.live() ? Optional.of(r.digest())
                : previous.filter(p -> p.container() != null).map(Release::digest);
        if (repository.isEmpty() || serving.isEmpty()) {
            return recovery;
        }
        List<Step> steps = new ArrayList<>(recovery.plan().steps());
        steps.add(new Step.MoveTag(repository.get(), serving.get(), r.env().tag()));
        return new Recovery(Plan.of(recovery.plan().title(), recovery.plan().lock(), steps), recovery.live(),
                recovery.failedDetail(), recovery.message());
    }

    private static Recovery settle(Release r, Optional<Release> previous, Seen seen, String network, Optional<String> self,
                                   Optional<java.util.function.Function<String, Step>> gate) {
        List<String> aliases = DeployPlanner.aliases(r.service(), r.env());
        String mine = r.container();
        Optional<ContainerState> prevRunning = previous.flatMap(p -> seen.running().stream()
                .filter(c -> c.name().equals(p.container())).findFirst());
        boolean mineRunning = mine != null && seen.running().stream().anyMatch(c -> c.name().equals(mine));
        Text label = label(r);
        String title = "recover release #" + r.id();
        LockKey lock = LockKey.of(r.service(), r.env());
        List<Step> steps = new ArrayList<>();

        // this bot's own container gives way last, once what takes over passed its health gate (when it can be checked)
        boolean retireSelfLast = gate.isPresent() && r.container() != null && self.filter(r.container()::equals).isPresent();
        if (prevRunning.isPresent()) {
            if (retireSelfLast) {
                steps.add(gate.get().apply(prevRunning.get().name()));
            } else {
                undo(r, seen, steps, self);
            }
            steps.add(new Step.Route(prevRunning.get().name(), network, aliases));
            if (retireSelfLast) {
                undo(r, seen, steps, self);
            }
            return new Recovery(Plan.of(title, lock, steps), false,
                    "interrupted by a bot restart before it completed; " + previous.get().version() + " kept serving",
                    Msg.of("release.recovery.undone_still", label, previous.get().version(), previous.get().digest().shortForm()));
        }
        if (mineRunning && seen.mineHealthy()) {
            steps.add(new Step.Route(mine, network, aliases));
            return new Recovery(Plan.of(title, lock, steps), true, "",
                    Msg.of("release.recovery.completed", label));
        }
        if (!retireSelfLast) {
            undo(r, seen, steps, self);
        }
        Text restored = Msg.of("release.recovery.nothing_serves");
        if (previous.isPresent() && previous.get().container() != null) {
            steps.add(new Step.Start(previous.get().container()));
            gate.ifPresent(g -> steps.add(g.apply(previous.get().container())));
            steps.add(new Step.Route(previous.get().container(), network, aliases));
            restored = Msg.of("release.recovery.restarted", previous.get().version(), previous.get().digest().shortForm());
        }
        if (retireSelfLast) {
            undo(r, seen, steps, self);
        }
        return new Recovery(Plan.of(title, lock, steps), false, "interrupted by a bot restart; the new container was not healthy",
                Msg.of("release.recovery.undone", label, restored));
    }

    /**
     * A release that went live while its bot died before the plan's tail (retiring what served before, the env-tag
     * move): the tail, from what the engine shows. Other running containers of the service/env retire (this bot's
     * own later, on another thread), and the env tag moves to the release's digest.
     */
    public static Plan complete(Release r, List<ContainerState> running, Optional<String> self, String repository,
                                Duration stopGrace) {
        return complete(r, running, self, repository, stopGrace, Optional.empty());
    }

    /** {@code gate}: the release's container's health gate, checked (and its route) before this bot's own retires. */
    public static Plan complete(Release r, List<ContainerState> running, Optional<String> self, String repository,
                                Duration stopGrace, Optional<Step.AwaitHealthy> gate) {
        List<Step> steps = new ArrayList<>();
        if (gate.isPresent() && running.stream().anyMatch(c -> self.filter(c.name()::equals).isPresent() && !c.name().equals(r.container()))) {
            steps.add(gate.get());
            steps.add(new Step.Route(r.container(), gate.get().network(), DeployPlanner.aliases(r.service(), r.env())));
        }
        for (ContainerState c : running) {
            if (!c.name().equals(r.container())) {
                steps.add(self.filter(c.name()::equals).isPresent()
                        ? new Step.RetireLater(c.name(), stopGrace, DeployPlanner.SELF_HEAD_START)
                        : new Step.Retire(c.name(), stopGrace));
            }
        }
        steps.add(new Step.MoveTag(repository, r.digest(), r.env().tag()));
        return Plan.of("complete release #" + r.id(), LockKey.of(r.service(), r.env()), steps);
    }

    /**
     * The release's container stops; one it created (named for the release) goes; a kept one it restarted stays; one an
     * adopt only recorded is left running (larkops never started it).
     */
    private static void undo(Release r, Seen seen, List<Step> steps, Optional<String> self) {
        if (r.container() == null || !seen.mineExists()) {
            return;
        }
        if (r.kind() == Release.Kind.ADOPT && !r.container().equals(DeployPlanner.containerName(r.service(), r.env(), r.id()))) {
            return; // an adopt that only recorded it: it ran before the adopt and was started by someone else; it stays as it is
        }
        if (self.filter(r.container()::equals).isPresent()) {
            steps.add(new Step.RetireLater(r.container(), Duration.ofSeconds(5), DeployPlanner.SELF_HEAD_START));
            return;
        }
        steps.add(new Step.Stop(r.container(), Duration.ofSeconds(5), "interrupted release"));
        if (r.container().equals(DeployPlanner.containerName(r.service(), r.env(), r.id()))) {
            steps.add(new Step.Remove(r.container(), "interrupted release; it never completed"));
        }
    }
}
