package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.command.Progress;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.DurationText;
import com.larkops.runtime.SwarmReads;
import com.larkops.runtime.SwarmService;
import com.larkops.runtime.SwarmSpec;
import com.larkops.runtime.SwarmTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** What {@link SwarmServiceSteps} reads of a Swarm update: the spec, the wait for convergence, what a restore takes, the tasks. */
final class SwarmSteps {
    private static final Logger log = LoggerFactory.getLogger(SwarmSteps.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * How long an update the engine calls done may keep a slot filled twice (both tasks on the new digest, left by a
     * node's leaving) before the spec is applied once more: the orchestrator cleans up a doubled slot when it next
     * reconciles the service, and nothing else makes it do so (seen: 'completed' with 3 tasks for 2 replicas).
     */
    static final Duration DOUBLED_SLOT_NUDGE = Duration.ofSeconds(20);
    private static final Text NL = Text.verbatim("\n");
    private static final Text NONE = Text.verbatim("");

    private final SwarmReads runtime;
    private final Duration doubledSlotNudge;

    SwarmSteps(SwarmReads runtime) {
        this(runtime, DOUBLED_SLOT_NUDGE);
    }

    SwarmSteps(SwarmReads runtime, Duration doubledSlotNudge) {
        this.runtime = runtime;
        this.doubledSlotNudge = doubledSlotNudge;
    }

    /** The engine spec the step asks for, with the env file's values; {@link SwarmServiceSteps} applies it. */
    static SwarmSpec spec(Step.UpdateService u, Map<String, String> envValues) {
        List<String> env = envValues.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return (new SwarmSpec(u.service(), u.image(), u.labels(), env, u.replicas(), u.parallelism(),
                u.constraints(), u.healthTest(), u.healthInterval(), u.healthTimeout(), u.healthRetries(), u.healthStartPeriod(), u.monitor(),
                u.stopGrace(), u.memoryBytes(), u.cpus(), u.volumes()));
    }

    /**
     * Why an update did not converge: {@code message} with the tasks per node, in every language; {@code nodeLeft}
     * when the task the engine blamed for its rollback was one that a node's leaving (drain, down) shut down, not one
     * that failed on the image.
     */
    record NotConverged(Text message, boolean nodeLeft) {
        /** The English, as logged and audited. */
        String text() {
            return message.in(Language.DEFAULT);
        }
    }

    /**
     * Empty when converged on the digest; otherwise why not, with the tasks per node. A node drained (or gone down)
     * in the middle is no failure of the image: the engine moves its tasks, and the update converges on the nodes
     * left or the engine rolls back (it counts a task shut down inside its monitor window as failed); either way
     * {@code left} says so in one line, shown beside the step ({@code showRunning}) as soon as it is seen, added to
     * {@code notes} on success and put first in the failure. {@code reconcile} (apply the spec once more) is run once
     * when the engine calls the update done and every running task runs the digest, but there are more of them than
     * replicas (a slot filled twice) for {@link #DOUBLED_SLOT_NUDGE}.
     */
    Optional<NotConverged> await(Step.AwaitConverged a, Progress progress, Consumer<Text> notes, NodesLeft left,
                                 Consumer<Text> showRunning, Runnable reconcile) {
        long deadline = System.nanoTime() + a.timeout().toNanos();
        long doubledSince = 0;
        boolean nudged = false;
        String lastShown = "";
        String blamed = "";
        String toldLeft = "";
        while (System.nanoTime() < deadline) {
            SwarmService s = runtime.swarmService(a.service())
                    .orElseThrow(() -> new IllegalStateException("Swarm service " + a.service() + " disappeared during the update"));
            List<SwarmTask> tasks = runtime.swarmTasks(a.service());
            left.see(runtime.swarmNodes(), tasks);
            Optional<Text> leaving = left.notConverged(NodesLeft.Outcome.MOVING);
            String leavingEnglish = leaving.map(l -> l.in(Language.DEFAULT)).orElse("");
            if (!leavingEnglish.equals(toldLeft)) {
                showRunning.accept(leaving.orElse(NONE));
                toldLeft = leavingEnglish;
            }
            String state = s.updateState().orElse("");
            if (state.equals("rollback_started") || state.equals("paused")) {
                blamed = blamedTask(s.updateMessage()).orElse(blamed);
            }
            if (state.startsWith("rollback") && !state.equals("rollback_started")) {
                return Optional.of(new NotConverged(Text.concat(first(left.notConverged(NodesLeft.Outcome.ROLLED_BACK)),
                        Msg.of("release.swarm.rolled_back", a.service(), state, s.updateMessage(), s.image().substring(s.image().indexOf('@') + 1)),
                        NL, failures(tasks, a.digest()), report(tasks)), shutByNodeLeaving(blamed, tasks, left)));
            }
            if (state.equals("paused")) {
                return Optional.of(new NotConverged(Text.concat(first(left.notConverged(NodesLeft.Outcome.PAUSED)),
                        Msg.of("release.swarm.paused", a.service(), s.updateMessage()), NL, failures(tasks, a.digest()), report(tasks)),
                        false));
            }
            List<SwarmTask> running = tasks.stream().filter(SwarmTask::running).toList();
            boolean doneOnDigest = s.settled() && s.image().endsWith("@" + a.digest())
                    && running.stream().allMatch(t -> t.digest().equals(a.digest()));
            if (doneOnDigest && running.size() == s.replicas()) {
                left.converged(running).ifPresent(notes);
                return Optional.empty();
            }
            // the engine calls the update done: no rollback of its own can follow, so its previous spec is not needed any more
            boolean doubled = doneOnDigest && running.size() > s.replicas();
            doubledSince = !doubled ? 0 : doubledSince == 0 ? System.nanoTime() : doubledSince;
            if (doubled && !nudged && System.nanoTime() - doubledSince >= doubledSlotNudge.toNanos()) {
                log.info("{}: {} tasks on the new digest run for {} replicas (update state '{}'); applying the spec once more so "
                        + "the engine cleans up the doubled slot", a.service(), running.size(), s.replicas(), state);
                reconcile.run();
                nudged = true;
            }
            Text shown = Text.concat(state.isEmpty() ? Msg.of("release.swarm.rolling", a.service())
                    : Msg.of("release.swarm.rolling_state", a.service(), state), NL, first(leaving), report(tasks));
            String shownEnglish = shown.in(Language.DEFAULT);
            if (!shownEnglish.equals(lastShown)) {
                progress.line(shown);
                lastShown = shownEnglish;
            }
            sleep();
        }
        List<SwarmTask> tasks = runtime.swarmTasks(a.service());
        return Optional.of(new NotConverged(Text.concat(first(left.notConverged(NodesLeft.Outcome.NOT_CONVERGED)),
                Msg.of("release.swarm.timeout", a.service(), a.digest(), DurationText.format(a.timeout())), NL,
                failures(tasks, a.digest()), report(tasks)), false));
    }

    /** A line that goes first, then a line break; nothing when there is none. */
    private static Text first(Optional<Text> line) {
        return line.map(l -> l.then(NL)).orElse(NONE);
    }

    /** The engine names the task behind a rollback or pause: "… due to failure or early termination of task <id>". */
    static Optional<String> blamedTask(String updateMessage) {
        int at = updateMessage.lastIndexOf("of task ");
        if (at < 0) {
            return Optional.empty();
        }
        String id = updateMessage.substring(at + "of task ".length()).strip();
        return id.matches("[A-Za-z0-9]{1,64}") ? Optional.of(id) : Optional.empty();
    }

    /**
     * A node left during the update and the blamed task was shut down, not failed (no error): the drain's own
     * shut-downs, and the orchestrator's clean-up of a slot it filled twice while moving them, are both the node's
     * doing. A task failing its health check or rejected by a node ends {@code failed}/{@code rejected} with an error.
     */
    private static boolean shutByNodeLeaving(String blamed, List<SwarmTask> tasks, NodesLeft left) {
        return left.any() && tasks.stream().filter(t -> t.id().equals(blamed)).findFirst()
                .filter(t -> t.error().isBlank() && !"failed".equals(t.state()) && !"rejected".equals(t.state()))
                .isPresent();
    }

    /**
     * After a failure: the service goes back to the digest it ran before (the engine's one kept previous spec is
     * exactly that, as the plan just replaced it), or away when the plan created it.
     */
    /** What putting the service back takes, read from the engine; {@link SwarmServiceSteps} does it. */
    enum Restore { NOTHING, REMOVE, ROLLBACK }

    Restore restoreNeeded(Step.RestoreService r) {
        Optional<SwarmService> s = runtime.swarmService(r.service());
        if (s.isEmpty()) {
            return Restore.NOTHING;
        }
        if (r.previousImage() == null) {
            return Restore.REMOVE;
        }
        boolean elsewhere = !s.get().image().equals(r.previousImage());
        return elsewhere && !s.get().updateState().orElse("").startsWith("rollback") ? Restore.ROLLBACK : Restore.NOTHING;
    }

    /** Running tasks, one line each: slot, node, digest, state, in every language. */
    Text reportText(String service) {
        return report(runtime.swarmTasks(service));
    }

    static Text report(List<SwarmTask> tasks) {
        List<Text> lines = tasks.stream().filter(t -> "running".equals(t.desiredState()) || "running".equals(t.state()))
                .sorted(java.util.Comparator.comparingInt(SwarmTask::slot))
                .map(SwarmSteps::row)
                .toList();
        return Text.joined("\n", lines).map(String::stripTrailing);
    }

    private static Text row(SwarmTask t) {
        String node = t.node().isEmpty() ? "?" : t.node();
        return "running".equals(t.desiredState()) ? Msg.of("release.swarm.task", t.slot(), node, Digest.shortOf(t.digest()), t.state())
                : Msg.of("release.swarm.task_shutting_down", t.slot(), node, Digest.shortOf(t.digest()), t.state());
    }

    private static Text failures(List<SwarmTask> tasks, String digest) {
        return Text.concat(tasks.stream().filter(t -> t.digest().equals(digest) && !t.error().isBlank()).limit(3)
                .map(t -> Msg.of("release.swarm.task_failed", t.slot(), t.node(), t.error()).then(NL))
                .toArray(Text[]::new));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the update");
        }
    }
}
