package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Release;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmReads;
import com.larkops.runtime.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs at start: a release left in progress by a crash (kill -9 mid-deploy) is settled from the
 * engine's state: {@link RecoveryPlanner} plans, the executor runs the plan. If the previous container still serves, the half-started one is undone and the
 * release marked failed; if the cut-over had already happened and the new container is healthy, it
 * is completed. Either way exactly one container serves the service/env afterwards, and the chat
 * that asked is told. Under {@code runtime: swarm}, {@link SwarmRecoveryPlanner} plans from the service's
 * update state instead.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final LarkopsConfig config;
    private final RuntimeReads runtime;
    private final Optional<SwarmReads> swarm;
    private final ReleaseHistory history;
    private final HealthGate health;
    private final PlanExecutor executor;
    private final Optional<String> self;
    private final java.util.function.Predicate<Release> busyElsewhere;
    private final java.time.Clock clock;
    private final StepRecords steps;
    /** When this bot started: its own container, not serving yet, is given its health timeout from then. */
    private final java.time.Instant booted;
    /** Who recovery steps are audited as. */
    static final String ACTOR = "larkops:recovery";

    public Reconciler(LarkopsConfig config, RuntimeReads runtime, ReleaseHistory history, HealthGate health,
                      PlanExecutor executor) {
        this(config, runtime, history, health, executor, r -> false);
    }

    /**
     * {@code busyElsewhere}: the release is being run right now by another live bot process (during a
     * self-deploy the new bot starts while the old one still awaits its health): leave it to that process.
     */
    public Reconciler(LarkopsConfig config, RuntimeReads runtime, ReleaseHistory history, HealthGate health,
                      PlanExecutor executor, java.util.function.Predicate<Release> busyElsewhere) {
        this(config, runtime, history, health, executor, busyElsewhere, Optional.empty());
    }

    /** {@code self}: the container this bot runs in, if any; recovery never stops it under the running bot. */
    public Reconciler(LarkopsConfig config, RuntimeReads runtime, ReleaseHistory history, HealthGate health,
                      PlanExecutor executor, java.util.function.Predicate<Release> busyElsewhere, Optional<String> self) {
        this(config, runtime, history, health, executor, busyElsewhere, self, java.time.Clock.systemUTC());
    }

    /** {@code clock}: what a release settled live here is stamped with (its soak counts from then). */
    public Reconciler(LarkopsConfig config, RuntimeReads runtime, ReleaseHistory history, HealthGate health,
                      PlanExecutor executor, java.util.function.Predicate<Release> busyElsewhere, Optional<String> self,
                      java.time.Clock clock) {
        this(config, runtime, Optional.empty(), history, health, executor, busyElsewhere, self, clock);
    }

    /** {@code swarm}: the Swarm services' reads, present under {@code runtime: swarm}. */
    public Reconciler(LarkopsConfig config, RuntimeReads runtime, Optional<SwarmReads> swarm, ReleaseHistory history,
                      HealthGate health, PlanExecutor executor, java.util.function.Predicate<Release> busyElsewhere,
                      Optional<String> self, java.time.Clock clock) {
        this(config, runtime, swarm, history, health, executor, busyElsewhere, self, clock, releaseId -> Optional.empty());
    }

    /** {@code steps}: where each release's live card is (the audit log), so the card a dead bot left running is finished. */
    public Reconciler(LarkopsConfig config, RuntimeReads runtime, Optional<SwarmReads> swarm, ReleaseHistory history,
                      HealthGate health, PlanExecutor executor, java.util.function.Predicate<Release> busyElsewhere,
                      Optional<String> self, java.time.Clock clock, StepRecords steps) {
        this.steps = steps;
        this.swarm = swarm;
        this.clock = clock;
        this.booted = clock.instant();
        this.self = self;
        this.config = config;
        this.runtime = runtime;
        this.history = history;
        this.health = health;
        this.executor = executor;
        this.busyElsewhere = busyElsewhere;
    }

    /** Swarm's reads; the wiring hands them over under {@code runtime: swarm}, the only time they are asked. */
    private SwarmReads swarm() {
        return swarm.orElseThrow(() -> new IllegalStateException("runtime: swarm needs the Swarm engine's reads"));
    }

    /** Releases in progress that another live process is still running; {@link #reconcile} leaves them alone. */
    public List<Release> busyElsewhere() {
        return history.inProgress().stream().filter(busyElsewhere).toList();
    }

    /**
     * What a bot that just started must settle later: releases another live process runs, and those whose new
     * container is this bot's own (a self-deploy whose old bot died while this one booted), which wait until it serves.
     */
    public List<Release> settleLater() {
        return history.inProgress().stream().filter(r -> busyElsewhere.test(r) || isThisBot(r.container())).toList();
    }

    private boolean isThisBot(String container) {
        return container != null && self.filter(container::equals).isPresent();
    }

    /** A message for the chat that started an interrupted release; {@code settled}: what to finish outside (card, hold). */
    public record Notice(String chat, Text message, Optional<Settled> settled) {
        public Notice(String chat, Text message) {
            this(chat, message, Optional.empty());
        }

        /** English: logs and tests. */
        public String text() {
            return message.in(Language.DEFAULT);
        }
    }

    /**
     * A release recovery settled: what serves its service/env now ({@code serving}, empty when nothing), and the
     * final state of its live card when one was posted ({@code cardMessage}, {@code card}).
     */
    public record Settled(long releaseId, com.larkops.model.ServiceName service, com.larkops.model.Env env, Optional<com.larkops.model.Digest> serving,
                          Optional<String> cardMessage, java.util.Map<String, Object> card) {
    }

    public List<Notice> reconcile() {
        return reconcile(r -> true);
    }

    /**
     * Settles only the in-progress releases {@code which} accepts (a follow-up must not touch this process's own).
     * One recovery at a time in a process (start, take-over and the sweep may all ask): a release another recovery
     * settled meanwhile is skipped, and one whose lock a recovery elsewhere holds is left to it.
     */
    public synchronized List<Notice> reconcile(java.util.function.Predicate<Release> which) {
        List<Notice> notices = new ArrayList<>();
        for (Release r : history.inProgress()) {
            if (!which.test(r) || history.byId(r.id()).map(now -> now.outcome() != Release.Outcome.IN_PROGRESS).orElse(true)) {
                continue;
            }
            if (busyElsewhere.test(r)) {
                log.info("release #{} of {} is in progress in another live bot process; left to it", r.id(), r.service());
                continue;
            }
            if (isThisBot(r.container()) && !serves(r) && withinHealthTimeout(r)) {
                // its new container is this very bot, alive but not serving yet (recovery runs before it serves):
                // judged unhealthy now, it would be undone under a bot about to pass its gate; settled once it
                // serves, or undone as any unhealthy container once its health timeout since this bot's start ran out
                log.info("release #{} of {}: its new container is this bot's own, not serving yet; settled once it serves",
                        r.id(), r.service());
                continue;
            }
            Text text;
            boolean live = false;
            try {
                text = settle(r);
                live = history.byId(r.id()).map(now -> now.outcome() == Release.Outcome.LIVE).orElse(false);
            } catch (com.larkops.command.RefusedException busy) {
                log.info("release #{} of {}: its lock is held ({}); left to whoever holds it", r.id(), r.service(), busy.getMessage());
                continue;
            } catch (RuntimeException e) {
                history.failed(r.id(), "interrupted by a bot restart; recovery failed: " + e.getMessage());
                text = Msg.of("release.recovery.failed", r.id(), r.service(), r.version(), r.env(), e.getMessage());
            }
            log.warn("{}", text);
            notices.add(new Notice(r.chat(), text, Optional.of(settled(r, live, text))));
        }
        return notices;
    }

    /**
     * Finishes what a dead bot left of releases that went live (or ended) while its live card never reached its
     * final state: for a live one the plan's tail (what served before retires, the env tag moves), then the card.
     * Releases still in progress are {@link #reconcile}'s; those another live process holds are left to it.
     */
    public synchronized List<Notice> finishCards(java.util.function.Predicate<Release> which) {
        List<Notice> notices = new ArrayList<>();
        java.util.Map<Long, String> cards = steps.unfinishedCards();
        for (Long id : cards.keySet()) {
            Optional<Release> found = history.byId(id);
            if (found.isEmpty() || !which.test(found.get()) || found.get().outcome() == Release.Outcome.IN_PROGRESS
                    || found.get().outcome() == Release.Outcome.AWAITING_APPROVAL || busyElsewhere.test(found.get())) {
                continue;
            }
            Release r = found.get();
            boolean live = r.outcome() == Release.Outcome.LIVE || r.outcome() == Release.Outcome.SUPERSEDED;
            Text text;
            try {
                text = live ? complete(r) : r.detail().isBlank()
                        ? Msg.of("release.recovery.ended", r.service(), r.version(), r.digest().shortForm(), Msg.of("release.outcome_word." + r.outcome().name().toLowerCase()), r.env())
                        : Msg.of("release.recovery.ended_detail", r.service(), r.version(), r.digest().shortForm(),
                        Msg.of("release.outcome_word." + r.outcome().name().toLowerCase()), r.env(), r.detail().lines().findFirst().orElse(""));
            } catch (com.larkops.command.RefusedException busy) {
                // taken meanwhile by a live process (a shell run, the next change): the next round looks again
                log.info("release #{} of {}: its lock is held ({}); its card is finished later", r.id(), r.service(), busy.getMessage());
                continue;
            } catch (RuntimeException e) {
                text = Msg.of("release.recovery.finish_failed", r.service(), r.version(), r.digest().shortForm(), r.env(), e.getMessage());
            }
            log.warn("{}", text);
            notices.add(new Notice(r.chat(), text, Optional.of(settled(r, live, text))));
        }
        return notices;
    }

    /** The releases whose live card is not yet in its final state. */
    public java.util.Set<Long> unfinishedCards() {
        return steps.unfinishedCards().keySet();
    }

    /** The tail of a live release's plan that its bot did not run (Docker containers; a Swarm update ends by itself). */
    private Text complete(Release r) {
        Text done = Msg.of("release.recovery.live_in", r.service(), r.version(), r.digest().shortForm(), r.env());
        Optional<ServiceConfig> service = config.service(r.service());
        if (service.isEmpty() || r.outcome() != Release.Outcome.LIVE || config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            return done;
        }
        List<ContainerState> running = DeployPlanner.releasesOf(runtime.listManaged(r.service(), r.env()), r.service(), r.env())
                .stream().filter(ContainerState::running).toList();
        ServiceConfig s = service.get();
        Plan plan = RecoveryPlanner.complete(r, running, self, s.repository(), s.stopGrace(), Optional.of(new Step.AwaitHealthy(
                r.container(), s.port(), s.health(), s.healthTimeout(), config.network())));
        log.info("completing release #{}:\n{}", r.id(), plan.describe());
        PlanExecutor.Result result = executor.execute(plan, new Caller(ACTOR, r.chat(), false), Progress.NONE);
        if (!result.ok()) {
            throw new IllegalStateException(result.message());
        }
        return Msg.of("release.recovery.tail_completed", done).then(warnings(result));
    }

    /** The release as recovery left it, with its card's final state; the card counts as finished from here. */
    private Settled settled(Release r, boolean live, Text text) {
        Release now = history.byId(r.id()).orElse(r);
        Optional<com.larkops.model.Digest> serving = live ? Optional.of(r.digest())
                : history.live(r.service(), r.env()).map(Release::digest);
        Optional<String> message = Optional.ofNullable(steps.unfinishedCards().get(r.id()));
        java.util.Map<String, Object> card = ChangeCards.recovered(now, live, text,
                history.live(r.service(), r.env()).filter(l -> !live), clock.instant());
        message.ifPresent(m -> executor.cardFinished(now));
        return new Settled(r.id(), r.service(), r.env(), serving, message, card);
    }

    /** " (warnings: …)" when the plan had some. */
    private static Text warnings(PlanExecutor.Result result) {
        return result.warnings().isEmpty() ? Text.verbatim("") : Msg.of("release.recovery.warnings", String.join("; ", result.warnings()));
    }

    private boolean withinHealthTimeout(Release r) {
        return config.service(r.service()).map(s -> clock.instant().isBefore(booted.plus(s.healthTimeout()))).orElse(false);
    }

    /** Whether the release's container answers its health check now (Docker containers; Swarm: not asked). */
    private boolean serves(Release r) {
        Optional<ServiceConfig> service = config.service(r.service());
        return config.runtime() == com.larkops.config.RuntimeKind.SWARM || service.isEmpty()
                || health.isHealthyNow(r.container(), service.get().port(), service.get().health(), config.network());
    }

    private Text settle(Release r) {
        if (config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            return settleSwarm(r);
        }
        Optional<ServiceConfig> service = config.service(r.service());
        String network = config.network();
        String mine = r.container();
        List<ContainerState> running = DeployPlanner.releasesOf(runtime.listManaged(), r.service(), r.env()).stream()
                .filter(ContainerState::running).toList();
        boolean mineExists = mine != null && runtime.inspect(mine).isPresent();
        boolean mineHealthy = mine != null && service.isPresent() && running.stream().anyMatch(c -> c.name().equals(mine))
                && health.isHealthyNow(mine, service.get().port(), service.get().health(), network);
        RecoveryPlanner.Recovery recovery = RecoveryPlanner.plan(r, history.live(r.service(), r.env()),
                new RecoveryPlanner.Seen(running, mineExists, mineHealthy), network, self, service);
        log.info("recovering release #{}:\n{}", r.id(), recovery.plan().describe());
        PlanExecutor.Result result = executor.execute(recovery.plan(), new Caller(ACTOR, r.chat(), false), Progress.NONE);
        if (!result.ok()) {
            throw new IllegalStateException(result.message());
        }
        if (recovery.live()) {
            history.live(r.id(), mine, clock.instant());
        } else {
            history.failed(r.id(), recovery.failedDetail());
        }
        return recovery.message().then(warnings(result));
    }

    /**
     * Swarm: the engine went on with the update without the bot; its service state says how it ended. A wait
     * that does not converge within the deploy's own bound puts the previous spec back.
     */
    private Text settleSwarm(Release r) {
        ServiceConfig service = config.service(r.service()).orElseThrow(() ->
                new IllegalStateException(r.service() + " is no longer in the config"));
        String name = SwarmPlanner.serviceName(r.service(), r.env());
        Optional<Release> previous = history.live(r.service(), r.env());
        java.time.Duration converge = config.swarm(r.service()).convergeTimeout(service.healthTimeout());
        RecoveryPlanner.Recovery recovery = SwarmRecoveryPlanner.plan(r, previous, swarm().swarmService(name), converge);
        log.info("recovering Swarm release #{}:\n{}", r.id(), recovery.plan().describe());
        Caller caller = new Caller(ACTOR, r.chat(), false);
        PlanExecutor.Result result = executor.execute(recovery.plan(), caller, Progress.NONE);
        if (result.ok() && recovery.live()) {
            history.live(r.id(), name, clock.instant());
            String tasks = result.message().contains("\n") ? result.message().substring(result.message().indexOf('\n')) : "";
            return recovery.message().then(Text.verbatim(tasks));
        }
        if (!result.ok() && recovery.live()) {
            RecoveryPlanner.Recovery back = SwarmRecoveryPlanner.notConverged(r, previous, swarm().swarmService(name), result.reason());
            log.info("recovering Swarm release #{}, putting the previous spec back:\n{}", r.id(), back.plan().describe());
            PlanExecutor.Result restored = executor.execute(back.plan(), caller, Progress.NONE);
            history.failed(r.id(), back.failedDetail());
            return restored.ok() ? back.message() : Msg.of("release.recovery.put_back_failed", back.message(), restored.reason());
        }
        if (!result.ok()) {
            throw new IllegalStateException(result.message());
        }
        history.failed(r.id(), recovery.failedDetail());
        return recovery.message();
    }
}
