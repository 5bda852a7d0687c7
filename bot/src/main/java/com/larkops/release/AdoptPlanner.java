package com.larkops.release;

import com.larkops.config.ServiceConfig;
import com.larkops.config.SwarmServiceConfig;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.model.Labels;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.SwarmService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Plans drift's Adopt: taking on, as the release of record, what changed outside larkops. Pure. Two ways:
 * <ul>
 *   <li>{@link Way#RECORD}: the digest runs already (a container replaced by hand): the plan RECORDS it — the health
 *   gate looks at the running container, it gets the service's network names if it lacks them, the release row becomes
 *   LIVE with that container, and the env tag moves to the digest when it names another. Nothing is created, started or
 *   stopped.</li>
 *   <li>{@link Way#DEPLOY}: only the env tag names the digest (a tag moved by a script): prod should run what its tag
 *   says, so the plan is a normal deploy of it (kind adopt), asked for like any prod change.</li>
 * </ul>
 */
public final class AdoptPlanner {
    private AdoptPlanner() {
    }

    public enum Way { RECORD, DEPLOY }

    /**
     * How {@code target} is adopted: {@code runs} whether the env runs its digest now, {@code tagNow} what the env tag
     * names, {@code live} larkops' own release there. Refused (one line) when there is nothing to adopt.
     */
    public static Way way(Target target, boolean runs, Optional<Digest> tagNow, Optional<Release> live) {
        boolean ours = live.map(l -> l.digest().equals(target.digest())).orElse(false);
        if (ours) {
            throw new NothingToAdopt(Msg.of("release.adopt.ours", target.service(), target.env(), target.version(),
                    target.digest().shortForm()));
        }
        if (runs) {
            return Way.RECORD;
        }
        if (tagNow.map(target.digest()::equals).orElse(false)) {
            return Way.DEPLOY;
        }
        throw new NothingToAdopt(Msg.of("release.adopt.gone", target.service(), target.env(), target.digest().shortForm()));
    }

    /** On this host: the newest running container of the digest is recorded as the release; see {@link Way#RECORD}. */
    public static Plan record(Target target, ServiceConfig service, String network, List<ContainerState> containers,
                              Optional<Digest> tagNow) {
        ContainerState running = DeployPlanner.releasesOf(containers, target.serviceName(), target.env()).stream()
                .filter(ContainerState::running).filter(c -> target.digest().value().equals(c.label(Labels.DIGEST)))
                .max(Comparator.comparing(c -> c.startedAt() == null ? Instant.EPOCH : c.startedAt()))
                .orElseThrow(() -> new NothingToAdopt(Msg.of("release.adopt.gone", target.service(), target.env(),
                        target.digest().shortForm())));
        String container = running.name();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.AwaitHealthy(container, service.port(), service.health(), service.healthTimeout(), network));
        // the route step is where the executor records the release live; a container holding the names already is left as it is
        steps.add(new Step.Route(container, network, DeployPlanner.aliases(target.serviceName(), target.env())));
        tagStep(target, service, tagNow).ifPresent(steps::add);
        return new Plan(title(target, container), LockKey.of(target.serviceName(), target.env()), steps,
                new Plan.Rollout(target, Release.Kind.ADOPT, container, false));
    }

    /** On Swarm: the service runs the digest already; the plan waits until every task does and records it. */
    public static Plan recordSwarm(Target target, ServiceConfig service, SwarmServiceConfig swarm, Optional<SwarmService> current,
                                   Optional<Digest> tagNow) {
        String name = SwarmPlanner.serviceName(target.serviceName(), target.env());
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.AwaitConverged(name, target.digest().value(), current.map(SwarmService::image).orElse(null),
                swarm.convergeTimeout(service.healthTimeout())));
        tagStep(target, service, tagNow).ifPresent(steps::add);
        return new Plan(title(target, name), LockKey.of(target.serviceName(), target.env()), steps,
                new Plan.Rollout(target, Release.Kind.ADOPT, name, false));
    }

    /** Whether {@code plan} is an adopt that only records what runs (no container or Swarm update started). */
    public static boolean recordsOnly(Plan plan) {
        return plan.hasRollout() && plan.kind() == Release.Kind.ADOPT
                && plan.steps().stream().noneMatch(s -> s instanceof Step.Start || s instanceof Step.UpdateService);
    }

    private static Optional<Step> tagStep(Target target, ServiceConfig service, Optional<Digest> tagNow) {
        return tagNow.filter(target.digest()::equals).isPresent() ? Optional.empty()
                : Optional.of(new Step.MoveTag(service.repository(), target.digest(), target.env().tag()));
    }

    private static String title(Target target, String container) {
        return "adopt " + target.service() + " " + target.version() + " (" + target.digest().shortForm() + ") in " + target.env()
                + ": record " + container + ", which runs it already (nothing started or stopped)";
    }

    /** Nothing to adopt: it is larkops' own release, or it neither runs nor is tagged there any more. */
    public static final class NothingToAdopt extends com.larkops.command.RefusedException {
        public NothingToAdopt(com.larkops.i18n.Text text) {
            super(text);
        }
    }
}
