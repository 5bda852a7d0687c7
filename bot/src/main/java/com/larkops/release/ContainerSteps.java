package com.larkops.release;

import com.larkops.command.Trace;
import com.larkops.i18n.Msg;
import com.larkops.runtime.ContainerSpec;
import com.larkops.runtime.RuntimeChanges;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container steps: {@link Step.Create} (with the env file's values), {@link Step.Start}, {@link Step.Retire},
 * {@link Step.Stop} and {@link Step.Remove}. A created container's undo is a {@link Step.Remove}, a started one's
 * a {@link Step.Stop} ({@link Step#undo()}), run here like any step.
 */
final class ContainerSteps {
    private final RuntimeChanges changes;

    ContainerSteps(RuntimeChanges changes) {
        this.changes = changes;
    }

    /** The env file must still be there (it is read when the plan starts, and may have gone since it was planned). */
    Optional<String> create(Step.Create c, StepHandlers.StepRun run) {
        if (c.envFile() != null && !Files.isRegularFile(Path.of(c.envFile()))) {
            throw new StepFailed(Msg.of("release.step.env_missing", c.envFile()));
        }
        changes.ensureNetwork(c.network());
        List<String> env = run.envValues().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        changes.create(new ContainerSpec(c.container(), c.image(), c.labels(), env, c.network(), List.of(),
                c.memoryBytes(), c.cpus(), "unless-stopped", c.volumes(), c.groupAdd()));
        return Optional.empty();
    }

    void start(Step.Start s) {
        Trace.mark(Trace.Stage.STARTING);
        changes.start(s.container());
        Trace.mark(Trace.Stage.STARTED);
    }

    /** The container that served before stops; it is kept (stopped) for a rollback. */
    void retire(Step.Retire r) {
        Trace.mark(Trace.Stage.RETIRING);
        changes.stop(r.container(), r.grace());
        Trace.mark(Trace.Stage.RETIRED);
    }

    void stop(Step.Stop s) {
        changes.stop(s.container(), s.grace());
    }

    void remove(Step.Remove r) {
        changes.remove(r.container());
    }
}
