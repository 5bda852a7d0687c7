package com.larkops.release;

import com.larkops.config.ServiceConfig;
import com.larkops.model.Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a release known-good: it must stay LIVE and healthy, checked every tenth of the soak period
 * (at least once a second), from its cut-over until the soak period is over. One failed check and it
 * is not known-good. Restarted watches (after a bot restart) continue from the recorded cut-over.
 */
public final class SoakWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SoakWatcher.class);

    private final ReleaseHistory history;
    private final HealthGate health;
    private final String network;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak");
        t.setDaemon(true);
        return t;
    });

    /** Each watched release's next check, so that {@link #checkNow} can run it early. */
    private final Map<Long, Next> next = new ConcurrentHashMap<>();

    private record Next(Runnable check, ScheduledFuture<?> at) {
    }

    private volatile java.util.function.Consumer<Release> onKnownGood = r -> { };

    /** Told about each release that becomes known-good (the registry follower asks for prod then). */
    public void onKnownGood(java.util.function.Consumer<Release> listener) {
        this.onKnownGood = listener;
    }

    private void markKnownGood(long id, Instant at) {
        if (!history.knownGood(id, at)) {
            return; // another replica's watch marked it first and told its listener (e.g. asked for the prod promotion)
        }
        history.byId(id).ifPresent(r -> {
            try {
                onKnownGood.accept(r);
            } catch (RuntimeException e) {
                log.warn("after release {} became known-good: {}", id, e.getMessage());
            }
        });
    }

    public SoakWatcher(ReleaseHistory history, HealthGate health, String network, Clock clock) {
        this.history = history;
        this.health = health;
        this.network = network;
        this.clock = clock;
    }

    public void watch(Release release, ServiceConfig service) {
        Instant since = release.healthyAt().orElse(clock.instant());
        if (since.plus(service.soak()).isBefore(clock.instant())) {
            // nobody watched its soak (shell deploy, bot restart) and it could not be vouched for: soak it afresh
            since = clock.instant();
        }
        Instant until = since.plus(service.soak());
        long interval = Math.max(1000, Math.min(service.soak().toMillis() / 10, 10_000));
        schedule(release.id(), service, until, Math.min(interval, Math.max(0, Duration.between(clock.instant(), until).toMillis())), interval);
    }

    /**
     * For a process that was not watching (the shell, or a bot that restarted): a LIVE release whose soak
     * period has passed counts as known-good when its container has run without a restart since the
     * cut-over and is healthy now. Returns whether it was marked.
     */
    public boolean catchUp(Release r, ServiceConfig service, java.util.Optional<com.larkops.runtime.ContainerState> container) {
        if (r.outcome() != Release.Outcome.LIVE || r.isKnownGood() || r.healthyAt().isEmpty() || container.isEmpty()) {
            return false;
        }
        Instant healthy = r.healthyAt().get();
        var c = container.get();
        boolean soaked = !clock.instant().isBefore(healthy.plus(service.soak()));
        boolean notRestarted = c.running() && c.startedAt() != null && !c.startedAt().isAfter(healthy);
        if (soaked && notRestarted && health.isHealthyNow(r.container(), service.port(), service.health(), network)) {
            markKnownGood(r.id(), clock.instant());
            return true;
        }
        return false;
    }

    /**
     * Runs every watched release's next check now rather than at its time, and returns when they are done:
     * for a clock that jumps (a test advancing its clock) instead of passing second by second.
     */
    public void checkNow() {
        try {
            timer.submit(() -> List.copyOf(next.keySet()).forEach(id -> {
                Next n = next.get(id);
                if (n != null && n.at().cancel(false)) {
                    n.check().run();
                }
            })).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("soak checks run now failed: {}", e.toString());
        }
    }

    private void schedule(long id, ServiceConfig service, Instant until, long delayMs, long interval) {
        Runnable check = () -> check(id, service, until, interval);
        next.values().removeIf(n -> n.at().isDone());
        // replaces the entry of the check that is running now (a finished check's entry is skipped: its cancel fails)
        next.put(id, new Next(check, timer.schedule(check, delayMs, TimeUnit.MILLISECONDS)));
    }

    private void check(long id, ServiceConfig service, Instant until, long interval) {
        try {
            Release r = history.byId(id).orElse(null);
            if (r == null || r.outcome() != Release.Outcome.LIVE || r.isKnownGood()) {
                return;
            }
            if (!health.isHealthyNow(r.container(), service.port(), service.health(), network)) {
                log.warn("release {} ({} {} {}) was not healthy during its soak: not known-good", id, r.service(), r.env(), r.version());
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                markKnownGood(id, now);
                log.info("release {} ({} {} {}) is known-good", id, r.service(), r.env(), r.version());
                return;
            }
            schedule(id, service, until, Math.min(interval, Duration.between(now, until).toMillis()), interval);
        } catch (RuntimeException e) {
            log.warn("soak check of release {} failed: {}", id, e.getMessage());
            schedule(id, service, until, interval, interval);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
