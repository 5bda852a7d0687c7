package com.larkops.release;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.command.Progress;
import com.larkops.command.Trace;
import com.larkops.config.ConfigException;
import com.larkops.config.DotEnv;
import com.larkops.model.DurationText;
import com.larkops.model.Release;
import com.larkops.model.Text;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The only code that runs plans against the engine. Each step is written to the audit log; the release
 * row follows the outcome. A failure before traffic moves undoes the new container and leaves the old
 * one serving (it was never stopped); the digest is recorded as failed, with diagnostics.
 */
public final class PlanExecutor {
    private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

    private final ContainerRuntime runtime;
    private final HealthGate health;
    private final ReleaseHistory history;
    private final AuditSink audit;
    private final Clock clock;
    private final Function<String, Optional<Path>> envFileOf;

    /** {@code envFileOf}: a service's configured env file, whose values are scrubbed from whatever the executor reports. */
    public PlanExecutor(ContainerRuntime runtime, HealthGate health, ReleaseHistory history, AuditSink audit, Clock clock,
                        Function<String, Optional<Path>> envFileOf) {
        this.envFileOf = envFileOf;
        this.runtime = runtime;
        this.health = health;
        this.history = history;
        this.audit = audit;
        this.clock = clock;
    }

    /** How a plan ended: live or not, and what to tell the user. */
    public record Result(boolean live, String message, Duration took) {
    }

    public Result execute(Plan plan, Release release, Progress progress) {
        return execute(plan, release, progress, StepListener.NONE);
    }

    public Result execute(Plan plan, Release release, Progress progress, StepListener steps) {
        long start = System.nanoTime();
        Map<String, String> envValues;
        Redactor redactor;
        try {
            envValues = createEnv(plan);
            redactor = Redactor.forEnv(secretsOf(plan, envValues));
        } catch (ConfigException e) {
            // names the file and line, never its content; nothing ran, so the release simply failed
            String detail = "env file: " + e.getMessage();
            audit(release, plan.steps().isEmpty() ? null : plan.steps().get(0), "failed", detail);
            history.failed(release.id(), detail);
            return new Result(false, detail, Duration.ofNanos(System.nanoTime() - start));
        }
        boolean routed = false;
        boolean created = false;
        List<String> warnings = new ArrayList<>();
        for (int index = 0; index < plan.steps().size(); index++) {
            Step step = plan.steps().get(index);
            try {
                if (step instanceof Step.AwaitHealthy await) {
                    progress.update("waiting for " + await.container() + " to be healthy…");
                }
                if (step instanceof Step.Pull p && runtime.hasImage(p.image())) {
                    steps.step(index, step, StepListener.State.SKIPPED, "image already on this host");
                    audit(release, step, "ok", "image present");
                    continue;
                }
                steps.step(index, step, StepListener.State.RUNNING, "");
                Optional<String> failure = run(step, envValues);
                if (failure.isPresent()) {
                    throw new StepFailed(failure.get());
                }
                if (step instanceof Step.Create) {
                    created = true;
                }
                if (step instanceof Step.Route) {
                    routed = true;
                    history.live(release.id(), plan.container(), clock.instant());
                }
                audit(release, step, "ok", "");
                steps.step(index, step, StepListener.State.DONE, "");
            } catch (RuntimeException e) {
                String why = Text.escape(redactor.redact(e.getMessage()));
                audit(release, step, "failed", why);
                steps.step(index, step, StepListener.State.FAILED, why);
                if (routed) {
                    // traffic already moved to a healthy container: finishing the clean-up is best effort
                    warnings.add(step.describe() + " failed: " + why);
                    log.warn("release {}: {} failed after cut-over: {}", release.id(), step.describe(), why);
                    continue;
                }
                String logs = lastLogs(plan.container(), redactor);
                String diagnostics = logs.isEmpty() ? "" : "\nlast log lines:\n" + Text.escape(logs);
                steps.failed(exitCode(plan.container()), step.describe() + ": " + why, logs);
                undo(plan, created);
                String detail = step.describe() + ": " + why + diagnostics;
                history.failed(release.id(), detail);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new Result(false, detail, took);
            }
        }
        Trace.mark(Trace.Stage.EXECUTED);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String msg = "live in " + plan.target().env() + " in " + DurationText.human(took)
                + (warnings.isEmpty() ? "" : "\nwarnings:\n" + String.join("\n", warnings));
        return new Result(true, msg, took);
    }

    /** The values the Create step injects (from the env file the plan names). */
    private static Map<String, String> createEnv(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.Create).map(s -> Optional.ofNullable(((Step.Create) s).envFile()))
                .flatMap(Optional::stream).findFirst().map(f -> DotEnv.read(Path.of(f))).orElse(Map.of());
    }

    /**
     * Everything to scrub: the injected values and the service's configured env file, read on every path —
     * a rollback restarting a kept container has no Create step, but its logs still print those values.
     */
    private Map<String, String> secretsOf(Plan plan, Map<String, String> injected) {
        Map<String, String> all = new java.util.LinkedHashMap<>(injected);
        envFileOf.apply(plan.target().service()).ifPresent(f -> DotEnv.read(f).forEach(all::putIfAbsent));
        return all;
    }

    private Optional<String> run(Step step, Map<String, String> envValues) {
        if (step instanceof Step.Pull p) {
            if (!runtime.hasImage(p.image())) {
                runtime.pull(p.image());
            }
        } else if (step instanceof Step.Create c) {
            if (c.envFile() != null && !java.nio.file.Files.isRegularFile(Path.of(c.envFile()))) {
                return Optional.of("env file " + c.envFile() + " does not exist on the host; create it or remove env_file from the config");
            }
            runtime.ensureNetwork(c.network());
            List<String> env = envValues.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            runtime.create(new ContainerSpec(c.container(), c.image(), c.labels(), env, c.network(), List.of(),
                    c.memoryBytes(), c.cpus(), "unless-stopped", c.volumes()));
        } else if (step instanceof Step.Detach d) {
            runtime.ensureNetwork(d.network());
            reattach(runtime, d.container(), d.network(), List.of());
        } else if (step instanceof Step.Start s) {
            Trace.mark(Trace.Stage.STARTING);
            runtime.start(s.container());
            Trace.mark(Trace.Stage.STARTED);
        } else if (step instanceof Step.AwaitHealthy a) {
            Optional<String> failure = health.await(a);
            Trace.mark(Trace.Stage.HEALTHY);
            return failure;
        } else if (step instanceof Step.Route r) {
            route(runtime, r);
            Trace.mark(Trace.Stage.ROUTED);
        } else if (step instanceof Step.Retire r) {
            runtime.stop(r.container(), r.grace());
        } else if (step instanceof Step.Remove r) {
            runtime.remove(r.container());
        }
        return Optional.empty();
    }

    /** Gives the container the service aliases, unless it holds them already (the reconciler routes the same way). */
    static void route(ContainerRuntime runtime, Step.Route r) {
        if (!runtime.aliasesOn(r.container(), r.network()).containsAll(r.aliases())) {
            reattach(runtime, r.container(), r.network(), r.aliases());
        }
    }

    /** The engine cannot change the aliases of an attached container: detach and attach again with the new ones. */
    private static void reattach(ContainerRuntime runtime, String container, String network, List<String> aliases) {
        runtime.disconnect(container, network);
        runtime.connect(container, network, aliases);
    }

    /** The last log lines of the container that failed, secrets scrubbed. */
    private String lastLogs(String container, Redactor redactor) {
        try {
            return redactor.redact(runtime.logTail(container, 10).strip());
        } catch (RuntimeException e) {
            return "";
        }
    }

    private Integer exitCode(String container) {
        try {
            return runtime.inspect(container).filter(c -> !c.running()).map(c -> c.exitCode()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Before cut-over: a container we created goes away; a kept one we restarted is stopped and kept again. */
    private void undo(Plan plan, boolean created) {
        try {
            runtime.stop(plan.container(), Duration.ofSeconds(5));
            if (created) {
                runtime.remove(plan.container());
            }
        } catch (RuntimeException e) {
            log.warn("undo of {} failed: {}", plan.container(), e.getMessage());
        }
    }

    private void audit(Release release, Step step, String outcome, String detail) {
        audit.record(new AuditEntry(clock.instant(), release.actor(), release.chat(),
                "release " + release.id() + ": " + (step == null ? "plan" : step.describe()), outcome, detail));
    }

    private static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

}
