package com.larkops.release;

import com.larkops.model.ServiceName;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a deploy or a rollback — the same thing: put {@code target} live for a service/env. Pure:
 * containers in, plan out. A kept (stopped) container already holding the digest is restarted instead
 * of pulling; the old container is stopped only after the new one is healthy and routed; stopped
 * containers beyond {@code keepStopped} are removed, newest kept; last, the registry's env tag moves to the
 * digest. Skill canaries are not releases: the planner leaves them out (never "the old container", never
 * "already running"). The bot's own container is retired later, on another thread, so the plan can finish.
 */
public final class DeployPlanner {
    private DeployPlanner() {
    }

    /** The DNS names the service answers to on the network: {@code echo-staging}; prod also plain {@code echo}. */
    public static List<String> aliases(ServiceName service, Env env) {
        return env == Env.PROD ? List.of(service.value() + "-" + env, service.value()) : List.of(service.value() + "-" + env);
    }

    public static String containerName(ServiceName service, Env env, long releaseId) {
        return service.value() + "-" + env + "-r" + releaseId;
    }

    /** How long the bot's own container keeps running after its retirement step: the reply leaves first. */
    public static final java.time.Duration SELF_HEAD_START = java.time.Duration.ofSeconds(2);

    public static Plan plan(Target target, Release.Kind kind, ServiceConfig service, String network, long releaseId,
                            String actor, List<ContainerState> containers, int keepStopped) {
        return plan(target, kind, service, network, releaseId, actor, containers, keepStopped, Optional.empty());
    }

    /** {@code self}: the name of the container this bot runs in, if it runs in one. */
    public static Plan plan(Target target, Release.Kind kind, ServiceConfig service, String network, long releaseId,
                            String actor, List<ContainerState> containers, int keepStopped, Optional<String> self) {
        List<ContainerState> mine = releasesOf(containers, target.serviceName(), target.env());
        List<ContainerState> running = mine.stream().filter(ContainerState::running).toList();
        Definition definition = Definition.of(service, network);
        Optional<String> change = definitionChange(target, running, definition);
        if (running.stream().anyMatch(c -> target.digest().value().equals(c.label(Labels.DIGEST))) && change.isEmpty()) {
            throw new NothingToDo(target);
        }
        // a rollback goes back to the container as it ran, definition and all; a roll-forward gets the definition asked for
        Optional<ContainerState> kept = mine.stream()
                .filter(c -> !c.running() && target.digest().value().equals(c.label(Labels.DIGEST)))
                .filter(c -> kind == Release.Kind.ROLLBACK || definition.changesFrom(c.label(Labels.SPEC)).isEmpty())
                .max(Comparator.comparing(DeployPlanner::lastActive));

        List<Step> steps = new ArrayList<>();
        String container;
        if (kept.isPresent()) {
            container = kept.get().name();
            // A rollback restarts a container that served before, still holding its alias: traffic reaches it
            // as it starts, which is what an incident wants; the health gate still decides, and a failure stops
            // it again. A roll-forward onto a kept container gets no traffic before it is healthy.
            if (kind != Release.Kind.ROLLBACK) {
                steps.add(new Step.Detach(container, network));
            }
        } else {
            container = containerName(target.serviceName(), target.env(), releaseId);
            steps.add(new Step.Pull(target.image()));
            Map<String, String> labels = labels(target, releaseId, actor);
            labels.put(Labels.SPEC, definition.label());
            steps.add(Step.Create.of(container, target.image(), labels, service, network));
        }
        steps.add(new Step.Start(container));
        steps.add(new Step.AwaitHealthy(container, service.port(), service.health(), service.healthTimeout(), network));
        steps.add(new Step.Route(container, network, aliases(target.serviceName(), target.env())));
        for (ContainerState old : running) {
            steps.add(self.filter(old.name()::equals).isPresent()
                    ? new Step.RetireLater(old.name(), service.stopGrace(), SELF_HEAD_START)
                    : new Step.Retire(old.name(), service.stopGrace()));
        }
        for (String name : beyondKept(mine, container, running, keepStopped)) {
            steps.add(new Step.Remove(name));
        }
        steps.add(new Step.MoveTag(service.repository(), target.digest(), target.env().tag()));
        String title = kind.label() + " " + target.service() + " " + target.version() + " (" + target.digest().shortForm()
                + ") to " + target.env() + change.map(c -> " (" + c + ")").orElse("");
        return new Plan(title, LockKey.of(target.serviceName(), target.env()), steps,
                new Plan.Rollout(target, kind, container, kept.isPresent(), change.orElse(null)));
    }

    /**
     * Why the digest that already runs must be deployed again: its container was made from another definition
     * (volumes, env file, groups…). Empty when the target does not run, or a running container of it has the
     * definition asked for.
     */
    public static Optional<String> definitionChange(Target target, List<ContainerState> running, Definition definition) {
        List<ContainerState> same = running.stream().filter(c -> target.digest().value().equals(c.label(Labels.DIGEST))).toList();
        if (same.isEmpty()) {
            return Optional.empty();
        }
        List<Optional<String>> changes = same.stream().map(c -> definition.changesFrom(c.label(Labels.SPEC))).toList();
        return changes.stream().anyMatch(Optional::isEmpty) ? Optional.empty() : changes.get(0);
    }

    /**
     * Whether planning {@code target} must know when each container last ran: only to choose among several
     * running containers, among several kept ones holding the digest, or which stopped ones to remove. In the
     * usual case (a rollback to the one kept container) a listing without times is enough.
     */
    public static boolean needsTimes(Target target, List<ContainerState> containers, int keepStopped) {
        List<ContainerState> mine = releasesOf(containers, target.serviceName(), target.env());
        long running = mine.stream().filter(ContainerState::running).count();
        long kept = mine.stream().filter(c -> !c.running() && target.digest().value().equals(c.label(Labels.DIGEST))).count();
        long stoppedAfter = mine.size() - (kept > 0 ? 1 : 0);
        return running > 1 || kept > 1 || stoppedAfter > keepStopped;
    }

    /** The containers of a service/env that are releases (skill canaries are not). */
    public static List<ContainerState> releasesOf(List<ContainerState> containers, ServiceName service, Env env) {
        return containers.stream().filter(c -> c.isOf(service, env)).filter(c -> !Labels.isCanary(c.labels())).toList();
    }

    /** Labels a new container carries; see DESIGN.md. */
    static Map<String, String> labels(Target target, long releaseId, String actor) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.SERVICE, target.service());
        labels.put(Labels.ENV, target.env().tag());
        labels.put(Labels.VERSION, target.version());
        labels.put(Labels.DIGEST, target.digest().value());
        labels.put(Labels.RELEASE_ID, String.valueOf(releaseId));
        labels.put(Labels.DEPLOYED_BY, actor);
        labels.put(Labels.CANARY, "false"); // explicit, so no image label can make this container look like a canary
        return labels;
    }

    /** After the cut-over the stopped set is the old stopped ones plus the retired ones; keep the newest. */
    private static List<String> beyondKept(List<ContainerState> mine, String serving, List<ContainerState> retiring,
                                           int keepStopped) {
        List<String> stoppedAfter = new ArrayList<>();
        retiring.stream().sorted(Comparator.comparing(DeployPlanner::lastActive).reversed())
                .forEach(c -> stoppedAfter.add(c.name()));
        mine.stream().filter(c -> !c.running() && !c.name().equals(serving))
                .sorted(Comparator.comparing(DeployPlanner::lastActive).reversed())
                .forEach(c -> stoppedAfter.add(c.name()));
        return stoppedAfter.size() <= keepStopped ? List.of() : stoppedAfter.subList(keepStopped, stoppedAfter.size());
    }

    private static Instant lastActive(ContainerState c) {
        if (c.finishedAt() != null && c.finishedAt().isAfter(Instant.EPOCH)) {
            return c.finishedAt();
        }
        return c.created() == null ? Instant.EPOCH : c.created();
    }

    /** The target already serves; there is nothing to change. */
    public static final class NothingToDo extends RuntimeException implements com.larkops.i18n.Explained {
        private final transient com.larkops.i18n.Text text;

        public NothingToDo(Target target) {
            this(com.larkops.i18n.Msg.of("release.plan.nothing_to_do", target.service(), target.env(), target.version(),
                    target.digest().shortForm()));
        }

        private NothingToDo(com.larkops.i18n.Text text) {
            super(text.in(com.larkops.i18n.Language.DEFAULT));
            this.text = text;
        }

        @Override
        public com.larkops.i18n.Text text() {
            return text;
        }
    }
}
