package com.larkops.release;

import com.larkops.command.Trace;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.ContainerView;
import com.larkops.runtime.HttpHealthProbe;

import java.util.List;
import java.util.Optional;

/**
 * Decides when a started container is healthy: the image's own HEALTHCHECK when it has one, else an
 * HTTP GET of the service's health path on the container's network address. A container that exits
 * fails at once, with its exit code.
 */
public final class HealthGate {
    // a started container usually answers within tens of ms: look every 5 ms for the first 200 ms, then back
    // off to 100 ms (a flat 100 ms pause added ~50 ms on average to every deploy and rollback; the pause
    // before the first 2xx is what the gate adds to a rollback beyond the engine's start)
    private static final long FIRST_POLL_MS = 5;
    private static final long EAGER_NANOS = 200_000_000L;
    private static final long MAX_POLL_MS = 100;

    private final RuntimeReads runtime;
    private final HttpHealthProbe probe;

    public HealthGate(RuntimeReads runtime, HttpHealthProbe probe) {
        this.runtime = runtime;
        this.probe = probe;
    }

    /**
     * How a gate ended: {@code failure} empty when healthy within the timeout, else why not; {@code aliases}: the
     * container's DNS aliases on the step's network at the last look (a route step after it need not look again).
     */
    public record Passed(Optional<Text> failure, List<String> aliases) {
        public Passed {
            aliases = List.copyOf(aliases);
        }

        static Passed failed(Text why) {
            return new Passed(Optional.of(why), List.of());
        }
    }

    /**
     * Empty when healthy within the timeout; otherwise why not. The first look comes right after the start; a
     * container that exited (or that the engine is restarting after an exit) fails at once, whatever the timeout.
     */
    public Optional<String> await(Step.AwaitHealthy step) {
        return pass(step).failure().map(t -> t.in(Language.DEFAULT));
    }

    /**
     * {@link #await}, with what the last look saw of the container on the network. A look is one engine call;
     * once a look has given the address, the next look probes it first and asks the engine only when it does
     * not answer yet (so the answer that passes the gate is seen without waiting for an engine call, and an
     * exit is still seen at the look after it).
     */
    public Passed pass(Step.AwaitHealthy step) {
        long began = System.nanoTime();
        long deadline = began + step.timeout().toNanos();
        Text last = Msg.of("release.step.no_answer");
        long pause = FIRST_POLL_MS;
        boolean first = true;
        ContainerView seen = null;
        while (true) {
            boolean probed = false;
            if (seen != null && seen.state().health() == null && seen.ip() != null) {
                if (probe.isHealthy(seen.ip(), step.port(), step.path())) {
                    return new Passed(Optional.empty(), seen.aliases());
                }
                probed = true;
            }
            Optional<ContainerView> view = runtime.inspectOn(step.container(), step.network());
            if (view.isEmpty()) {
                return Passed.failed(Msg.of("release.step.disappeared", step.container()));
            }
            ContainerState c = view.get().state();
            Optional<Text> exited = exited(c);
            if (exited.isPresent()) {
                return Passed.failed(exited.get());
            }
            if (c.health() != null) {
                if ("healthy".equals(c.health())) {
                    return new Passed(Optional.empty(), view.get().aliases());
                }
                if ("unhealthy".equals(c.health())) {
                    return Passed.failed(Msg.of("release.step.unhealthy"));
                }
                last = Msg.of("release.step.healthcheck_status", c.health());
            } else {
                String ip = view.get().ip();
                if (first) {
                    Trace.mark(Trace.Stage.FIRST_PROBE);
                    first = false;
                }
                // probed a moment ago at the same address: no second GET before the pause
                boolean fresh = !probed || !java.util.Objects.equals(ip, seen.ip());
                if (ip != null && fresh && probe.isHealthy(ip, step.port(), step.path())) {
                    return new Passed(Optional.empty(), view.get().aliases());
                }
                last = ip == null ? Msg.of("release.step.no_address", step.network())
                        : Msg.of("release.step.no_2xx", step.path(), step.port());
            }
            seen = view.get();
            if (System.nanoTime() > deadline) {
                return Passed.failed(Msg.of("release.step.not_healthy", com.larkops.model.DurationText.format(step.timeout()), last));
            }
            sleep(pause);
            if (System.nanoTime() - began > EAGER_NANOS) {
                pause = Math.min(MAX_POLL_MS, pause * 2);
            }
        }
    }

    /**
     * Why the container is not up, if it exited. With a restart policy the engine restarts an exited container
     * and reports it as running <em>and</em> restarting (or restarted: its restart count grows) between tries:
     * that is an exit too, not a reason to wait for the timeout.
     */
    static Optional<Text> exited(ContainerState c) {
        boolean restarting = "restarting".equals(c.status());
        if (c.running() && !restarting) {
            return Optional.empty();
        }
        Text why = c.exitCode() == null ? Msg.of("release.step.exited") : Msg.of("release.step.exited_code", String.valueOf(c.exitCode()));
        if (c.oomKilled()) {
            why = Msg.of("release.step.exited_oom", why);
        }
        if (restarting) {
            why = Msg.of("release.step.exited_restarting", why);
        }
        return Optional.of(why);
    }

    public boolean isHealthyNow(String container, int port, String path, String network) {
        Optional<ContainerView> view = runtime.inspectOn(container, network);
        if (view.isEmpty() || !view.get().state().running()) {
            return false;
        }
        if (view.get().state().health() != null) {
            return "healthy".equals(view.get().state().health());
        }
        return view.get().address().map(ip -> probe.isHealthy(ip, port, path)).orElse(false);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
