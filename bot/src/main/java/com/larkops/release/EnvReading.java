package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.cards.StatusCard;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.SwarmTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service/env as {@code /digest} and {@code /status} answer it, decided on data: what serves now (the live
 * release's container while it runs, not the newest started one), a change of larkops' own beside it (its target
 * and the step it is at), and DRIFT — only while no change of larkops' own runs there.
 *
 * @param serving  the container (Docker) or service (Swarm) that serves, empty when nothing runs
 * @param shares   Swarm: the running tasks per digest when they serve more than one, else empty
 * @param tasks    Swarm: each running task with its node and digest, by slot; empty under Docker
 */
public record EnvReading(Optional<ContainerState> serving, String version, String digest, Instant since, String by,
                         List<StatusCard.Share> shares, Optional<StatusCard.Change> change, List<Text> drifts,
                         List<StatusCard.TaskOn> tasks) {
    public EnvReading {
        shares = List.copyOf(shares);
        drifts = List.copyOf(drifts);
        tasks = List.copyOf(tasks);
    }

    /** The drift lines in English (logs, tests). */
    public List<String> drift() {
        return drifts.stream().map(d -> d.in(com.larkops.i18n.Language.DEFAULT)).toList();
    }

    /** What the store and the lock table say about the env: the live release, a change running (lock held) and its row. */
    public record Store(Optional<Release> live, Optional<Locks.Holder> lock, Optional<Release> changing, Optional<String> lastStep) {
        boolean busy() {
            return lock.isPresent();
        }
    }

    /**
     * The lock, when it says a change runs: held, and either its release is in progress or no release of the env
     * ended since it was taken (a change still planning, or a plan that is not a release). A release that already
     * ended (live, failed) while its runner still holds the lock for the last reply is over for the reader.
     */
    public static Optional<Locks.Holder> changeLock(Optional<Locks.Holder> lock, Optional<Release> inProgress, Optional<Release> newest) {
        if (lock.isEmpty() || inProgress.isPresent()) {
            return lock;
        }
        boolean endedSince = newest.flatMap(Release::finishedAt).filter(f -> !f.isBefore(lock.get().since())).isPresent();
        return endedSince ? Optional.empty() : lock;
    }

    /** Docker: {@code mine} are the env's release containers, running or not. */
    public static EnvReading docker(List<ContainerState> mine, Store store) {
        List<ContainerState> running = mine.stream().filter(ContainerState::running).toList();
        String target = store.busy() ? store.changing().map(Release::container).orElse("") : "";
        Optional<ContainerState> serving = store.live()
                .flatMap(l -> running.stream().filter(c -> c.name().equals(l.container())).findFirst())
                .or(() -> running.stream().filter(c -> target.isBlank() || !c.name().equals(target))
                        .max(Comparator.comparing(c -> c.startedAt() == null ? Instant.EPOCH : c.startedAt())));
        List<Text> drift = new ArrayList<>();
        if (!store.busy()) {
            drift.addAll(historyDrift(store.live(), serving.map(c -> c.label(Labels.DIGEST))));
            if (running.size() > 1) {
                drift.add(Msg.of("release.drift.containers", running.size(), String.join(", ", running.stream().map(ContainerState::name).toList())));
            }
        }
        Optional<StatusCard.Change> change = store.busy()
                ? Optional.of(change(store, dockerStep(mine.stream().filter(c -> c.name().equals(target)).findFirst(), target, store.lastStep())))
                : Optional.empty();
        return serving.map(c -> new EnvReading(serving, c.label(Labels.VERSION), c.label(Labels.DIGEST), c.startedAt(),
                        c.label(Labels.DEPLOYED_BY), List.of(), change, drift, List.of()))
                .orElseGet(() -> new EnvReading(Optional.empty(), "", "", null, "", List.of(), change, drift, List.of()));
    }

    /**
     * Swarm: {@code service} as listed (its labels name the spec's digest, the target while an update runs),
     * {@code tasks} its running tasks, {@code specDrift} what differs between spec and tasks (counted only while idle).
     */
    public static EnvReading swarm(Optional<ContainerState> service, List<SwarmTask> tasks, Optional<String> updateState,
                                   List<Text> specDrift, Store store) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        store.live().ifPresent(l -> { // what larkops put live first, then the rest as the engine lists them
            if (tasks.stream().anyMatch(t -> t.digest().equals(l.digest().value()))) {
                counts.put(l.digest().value(), 0);
            }
        });
        tasks.forEach(t -> counts.merge(t.digest(), 1, Integer::sum));
        List<StatusCard.Share> shares = counts.entrySet().stream()
                .map(e -> new StatusCard.Share(versionOf(e.getKey(), service, store), e.getKey(), e.getValue())).toList();
        List<Text> drift = new ArrayList<>();
        if (!store.busy()) {
            if (service.isEmpty() || tasks.isEmpty()) {
                drift.addAll(historyDrift(store.live(), Optional.empty()));
            } else {
                drift.addAll(historyDrift(store.live(), Optional.ofNullable(service.get().label(Labels.DIGEST))));
                drift.addAll(specDrift);
            }
        }
        Optional<StatusCard.Change> change = store.busy()
                ? Optional.of(change(store, swarmStep(tasks, updateState, store))) : Optional.empty();
        if (service.isEmpty() || shares.isEmpty()) {
            return new EnvReading(Optional.empty(), "", "", null, "", List.of(), change, drift, List.of());
        }
        List<StatusCard.TaskOn> perNode = tasks.stream().sorted(Comparator.comparingInt(SwarmTask::slot))
                .map(t -> new StatusCard.TaskOn(t.slot(), t.node(), t.digest())).toList();
        StatusCard.Share first = shares.get(0);
        Optional<Release> liveServing = store.live().filter(l -> l.digest().value().equals(first.digest()));
        ContainerState s = service.get();
        String by = liveServing.map(Release::actor).orElse(s.label(Labels.DEPLOYED_BY));
        Instant since = liveServing.map(l -> l.healthyAt().orElse(l.startedAt())).orElse(s.startedAt());
        return new EnvReading(service, first.version(), first.digest(), since, by, shares.size() > 1 ? shares : List.of(), change, drift,
                perNode);
    }

    private static List<Text> historyDrift(Optional<Release> live, Optional<String> runs) {
        if (runs.isEmpty()) {
            return live.<List<Text>>map(r -> List.of(Msg.of("release.drift.runs_nothing", r.version(), r.digest().shortForm())))
                    .orElse(List.of());
        }
        if (live.isEmpty() || !live.get().digest().value().equals(runs.get())) {
            return List.of(live.<Text>map(r -> Msg.of("release.drift.history_says", r.version(), r.digest().shortForm()))
                    .orElse(Msg.of("release.drift.nothing_live")));
        }
        return List.of();
    }

    private static StatusCard.Change change(Store store, Text step) {
        return store.changing()
                .map(r -> new StatusCard.Change(Msg.of("release.kind." + r.kind().label()), r.version(), r.digest().value(), r.actor(), step))
                .orElseGet(() -> new StatusCard.Change(Msg.of("release.change.lock_held", store.lock().orElseThrow().since()), "", "",
                        store.lock().orElseThrow().holder(), Text.verbatim("")));
    }

    /** "; last step done: …" after where a change is, when the executor recorded a step. */
    private static Text lastDone(Optional<String> lastStep) {
        return lastStep.<Text>map(s -> Msg.of("release.change.last_step", s)).orElse(Text.verbatim(""));
    }

    /** Where a Docker change is, seen on its target container, after the last step the executor recorded. */
    private static Text dockerStep(Optional<ContainerState> container, String name, Optional<String> lastStep) {
        Text done = lastDone(lastStep);
        String last = lastStep.orElse("");
        // the executor's step descriptions (Step.describe) say which phase the change is in
        if (last.startsWith("wait until ") || last.startsWith("route ") || last.startsWith("stop ") || last.startsWith("remove ")) {
            return Msg.of("release.change.cut_over", name).then(done);
        }
        if (name.isBlank()) {
            return Msg.of("release.change.planning").then(done);
        }
        if (container.isEmpty()) {
            return Msg.of("release.change.pull_create", name).then(done);
        }
        if (!container.get().running()) {
            return Msg.of("release.change.start", name).then(done);
        }
        String health = container.get().health();
        return (health == null ? Msg.of("release.change.health_gate", name) : Msg.of("release.change.health_gate_is", name, health)).then(done);
    }

    /** Where a Swarm change is: the engine's update state and how many running tasks already run the target. */
    private static Text swarmStep(List<SwarmTask> tasks, Optional<String> updateState, Store store) {
        Text done = lastDone(store.lastStep());
        Optional<String> target = store.changing().map(r -> r.digest().value());
        if (target.isEmpty()) {
            return updateState.<Text>map(s -> Msg.of("release.change.engine", s)).orElse(Text.verbatim("")).then(done);
        }
        long on = tasks.stream().filter(t -> t.digest().equals(target.get())).count();
        Text counted = Msg.of("release.change.on_target", on, tasks.size());
        if (updateState.filter(s -> s.startsWith("rollback")).isPresent()) {
            return Msg.of("release.change.engine_rolls_back", updateState.get(), counted).then(done);
        }
        if (store.lastStep().isEmpty()) {
            return Msg.of("release.change.update_swarm").then(done);
        }
        return updateState.<Text>map(s -> Msg.of("release.change.rolling_state", s, counted))
                .orElse(Msg.of("release.change.rolling", counted)).then(done);
    }

    private static String versionOf(String digest, Optional<ContainerState> service, Store store) {
        return store.live().filter(l -> l.digest().value().equals(digest)).map(Release::version)
                .or(() -> store.changing().filter(r -> r.digest().value().equals(digest)).map(Release::version))
                .or(() -> service.filter(s -> digest.equals(s.label(Labels.DIGEST))).map(s -> s.label(Labels.VERSION)))
                .orElse("?");
    }
}
