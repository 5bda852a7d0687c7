package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.command.Trace;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.RuntimeKind;
import com.larkops.config.ServiceConfig;
import com.larkops.cards.Md;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Labels;
import com.larkops.model.LockKey;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.model.Text;
import com.larkops.i18n.Msg;
import com.larkops.registry.RegistryClient;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmReads;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.Verdict;
import com.larkops.runtime.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploy and rollback, one path: resolve the target to a digest once, take the service/env lock,
 * record the release, plan (ending with the registry's env-tag move), execute, start the soak. A rollback
 * is a deploy of an older digest. Reads the engine and the registry; changes them only through the executor.
 */
public final class Deployer {
    private static final Logger log = LoggerFactory.getLogger(Deployer.class);

    private final LarkopsConfig config;
    private final RuntimeReads runtime;
    private final Optional<SwarmReads> swarm;
    private final RegistryClient registry;
    private final ReleaseHistory history;
    private final PlanLocks locks;
    private final PlanExecutor executor;
    private final SoakWatcher soak;
    private final Clock clock;
    private final Optional<String> self;
    private final Freezes freezes;
    private volatile Gatekeeper gates;
    private final TargetResolver resolver;

    /** {@code self}: the container this bot runs in, if any (a self-deploy retires it later, not in the plan's thread). */
    public Deployer(LarkopsConfig config, RuntimeReads runtime, RegistryClient registry, ReleaseHistory history,
                    PlanLocks locks, PlanExecutor executor, SoakWatcher soak, Clock clock, Optional<String> self) {
        this(config, runtime, registry, history, locks, executor, soak, clock, self, Freezes.NONE);
    }

    public Deployer(LarkopsConfig config, RuntimeReads runtime, RegistryClient registry, ReleaseHistory history,
                    PlanLocks locks, PlanExecutor executor, SoakWatcher soak, Clock clock, Optional<String> self,
                    Freezes freezes) {
        this(config, runtime, Optional.empty(), registry, history, locks, executor, soak, clock, self, freezes);
    }

    /** {@code swarm}: the Swarm services' reads, present under {@code runtime: swarm}. */
    public Deployer(LarkopsConfig config, RuntimeReads runtime, Optional<SwarmReads> swarm, RegistryClient registry,
                    ReleaseHistory history, PlanLocks locks, PlanExecutor executor, SoakWatcher soak, Clock clock,
                    Optional<String> self, Freezes freezes) {
        this.swarm = swarm;
        this.freezes = freezes;
        this.config = config;
        this.runtime = runtime;
        this.registry = registry;
        this.history = history;
        this.locks = locks;
        this.executor = executor;
        this.soak = soak;
        this.clock = clock;
        this.self = self;
        this.resolver = new TargetResolver(registry);
        this.gates = new Gatekeeper(config, new com.larkops.command.Policy(config.chats(), config.deployers(), config.approvers()),
                registry, history, freezes, (service, env) -> Optional.empty(), this::changedSince, clock);
    }

    /** Swarm's reads; the wiring hands them over under {@code runtime: swarm}, the only time they are asked. */
    private SwarmReads swarm() {
        return swarm.orElseThrow(() -> new IllegalStateException("runtime: swarm needs the Swarm engine's reads"));
    }

    /** The gates every change request passes (see {@link Gates}); the wiring replaces the default with one that sees holds. */
    public Gatekeeper gates() {
        return gates;
    }

    /** Takes a service/env lock for a change that plans outside this class (a canary): look, plan and run under it. */
    public PlanLocks.Held hold(LockKey key, String holder) {
        return locks.hold(key, holder);
    }

    public void useGates(Gatekeeper gates) {
        this.gates = gates;
    }

    /** Told about every deploy or rollback that ran (live, or failed and undone): the incident loop listens. */
    @FunctionalInterface
    public interface Finished {
        void finished(Target target, Release.Kind kind, String actor, boolean live, String text);
    }

    private volatile Finished finished = (target, kind, actor, live, text) -> { };

    public void onFinished(Finished listener) {
        this.finished = listener;
    }

    private void tellFinished(Target target, Release.Kind kind, String actor, boolean live, String text) {
        try {
            finished.finished(target, kind, actor, live, text);
        } catch (RuntimeException e) {
            log.warn("after {} of {} {}: {}", kind.label(), target.service(), target.env(), e.getMessage());
        }
    }

    /** How a deploy or rollback ended, for the reply: the text, and the change's final card when it had one. */
    /** How a change ended: its text (rendered at the edge in the configured language) and its final card. */
    public record Outcome(boolean live, com.larkops.i18n.Text message, Optional<Map<String, Object>> card) {
        public Outcome(boolean live, com.larkops.i18n.Text message) {
            this(live, message, Optional.empty());
        }

        /** English: logs, the audit log, the release history, tests. */
        public String text() {
            return message.in(com.larkops.i18n.Language.DEFAULT);
        }
    }

    /** A service already named by a value (a stored request, a canary): the same lookup and refusal. */
    public ServiceConfig configOf(ServiceName name) {
        return service(name.value());
    }

    public ServiceConfig service(String name) {
        if (name == null) {
            throw new InvalidInputException(Msg.of("release.service.name_one"));
        }
        return config.service(name).orElseThrow(() -> new InvalidInputException(config.services().isEmpty()
                ? Msg.of("release.service.unknown_none", Text.clip(name))
                : Msg.of("release.service.unknown", Text.clip(name), String.join(", ", config.services().keySet()))));
    }

    /**
     * For a deploy without approval (staging): refuses a digest the service's {@code verify} policy needs signed
     * and is not; returns the signature line when one was required. (The signature gate of {@link Gates}.)
     */
    public Optional<String> requireSignature(Target target) {
        ServiceConfig service = service(target.service());
        return SignatureGate.over(registry).require(service.serviceName(), service.repository(), service.verify(), target.env(),
                target.digest()).map(Verdict::line);
    }

    /** See {@link TargetResolver#resolve}: the digest a version, tag or digest names now, and its version from the registry's tag. */
    public Target resolve(ServiceConfig service, Env env, String reference) {
        return resolver.resolve(service, env, reference);
    }

    /**
     * Lines a command adds to the change's final card (a rollback's notes, the hold it leaves), asked for once the plan
     * has run and before that card is shown: the first card a chat sees as live or failed is already complete.
     */
    @FunctionalInterface
    public interface Closing {
        Closing NONE = live -> List.of();

        List<com.larkops.i18n.Text> lines(boolean live);
    }

    public Outcome deploy(Target target, Release.Kind kind, Caller caller, Progress progress) {
        return deploy(target, kind, caller, progress, Closing.NONE);
    }

    public Outcome deploy(Target target, Release.Kind kind, Caller caller, Progress progress, Closing closing) {
        ServiceConfig service = service(target.service());
        if (kind == Release.Kind.DEPLOY) {
            refuseIfFrozen(target);
        }
        try (PlanLocks.Held held = locks.hold(LockKey.of(target.serviceName(), target.env()), caller.user())) {
            Trace.mark(Trace.Stage.LOCKED);
            List<ContainerState> containers = containersFor(target);
            Trace.mark(Trace.Stage.LISTED);
            Optional<ContainerState> current = serving(containers, target.serviceName(), target.env());
            Optional<Outcome> noop = alreadyRunning(target, current);
            boolean tagOnly = noop.isPresent() && kind == Release.Kind.ROLLBACK && tagMoved(service, target);
            if (noop.isPresent() && !tagOnly) {
                return noop.get();
            }
            if (!tagOnly) {
                Release release = history.begin(newRelease(target, kind, caller), Release.Outcome.IN_PROGRESS);
                Plan plan = plan(target, kind, service, release.id(), caller.user(), containers);
                history.assign(release.id(), plan.container());
                Trace.mark(Trace.Stage.PLANNED);
                return run(plan, release, service, current, progress, Optional.empty(), closing);
            }
        }
        // the tag's move takes the service/env lock itself, once this hold of it is let go
        return retag(target, service, caller, progress);
    }

    /** Whether the registry's env tag names another digest than {@code target}'s (moved outside larkops). */
    private boolean tagMoved(ServiceConfig service, Target target) {
        try {
            return registry.tagTarget(service.repository(), target.env().tag()).filter(d -> !d.equals(target.digest())).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A rollback to the digest that already runs while the env tag was moved elsewhere (drift's Revert): the plan is the
     * one step that moves the tag back, run by the executor under the service/env lock.
     */
    private Outcome retag(Target target, ServiceConfig service, Caller caller, Progress progress) {
        Plan plan = Plan.of("move the " + target.env() + " tag of " + target.service() + " back to " + target.version() + " ("
                        + target.digest().shortForm() + ")", LockKey.of(target.serviceName(), target.env()),
                List.of(new Step.MoveTag(service.repository(), target.digest(), target.env().tag())));
        log.info("{}", plan.describe());
        PlanExecutor.Result result = executor.execute(plan, caller, progress);
        String name = target.service() + " " + target.version() + " (" + target.digest().shortForm() + ")";
        return result.ok()
                ? new Outcome(true, Msg.of("release.outcome.tag_back", name, target.env()))
                : new Outcome(false, Msg.of("release.outcome.tag_back_failed", name, target.env(), result.text()));
    }

    /** A plan made now and recorded as awaiting approval, to be run later exactly as shown. */
    public record Prepared(Release release, Plan plan, List<String> runningBefore, Optional<ContainerState> current) {
    }

    public Prepared prepare(Target target, Release.Kind kind, Caller caller) {
        ServiceConfig service = service(target.service());
        refuseIfFrozen(target);
        List<ContainerState> containers = containersFor(target);
        Optional<ContainerState> current = serving(containers, target.serviceName(), target.env());
        Optional<Outcome> noop = alreadyRunning(target, current);
        if (noop.isPresent()) {
            throw new RefusedException(noop.get().message());
        }
        Release release = history.begin(newRelease(target, kind, caller), Release.Outcome.AWAITING_APPROVAL);
        Plan plan = plan(target, kind, service, release.id(), caller.user(), containers);
        history.assign(release.id(), plan.container());
        return new Prepared(release, plan, stateOf(target, containers).entries(), current);
    }

    /** What the target's env runs now, in the form a stored request records it ({@link Prepared#runningBefore}): by digest. */
    public List<String> envState(Target target) {
        return stateOf(target, runtime.listManaged(target.serviceName(), target.env())).entries();
    }

    /**
     * Empty when {@code target}'s environment still runs, digest for digest, what it ran when the plan was
     * made ({@code before}, as {@link Prepared#runningBefore} or {@link #envState}); otherwise one line saying what
     * changed. The env-state gate, the approved run and the canary's approved run ask this.
     */
    public Optional<String> changedSince(Target target, List<String> before) {
        return changedSinceText(target, before).map(t -> t.in(com.larkops.i18n.Language.DEFAULT));
    }

    /** {@link #changedSince} in every language. */
    public Optional<com.larkops.i18n.Text> changedSinceText(Target target, List<String> before) {
        return EnvState.of(before).changeText(judged(target, before, stateOf(target, runtime.listManaged(target.serviceName(), target.env()))))
                .map(change -> Msg.of("release.outcome.changed_since", target.service(), target.env(), change));
    }

    /** The state {@code before} is compared with: what runs, and, when {@code before} recorded it (an adopt), the env tag. */
    private EnvState judged(Target target, List<String> before, EnvState running) {
        return before.stream().anyMatch(e -> e.startsWith(TAG_ENTRY)) ? withTag(target.service(), target.env(), running) : running;
    }

    /** The env tag's entry in an adopt's state: {@code tag:prod@sha256:…} ({@code @-}: no such tag). */
    static final String TAG_ENTRY = "tag:";

    private EnvState withTag(String service, Env env, EnvState running) {
        List<String> entries = new java.util.ArrayList<>(running.entries());
        entries.add(EnvState.entry(TAG_ENTRY + env.tag(), registry.tagTarget(service(service).repository(), env.tag())
                .map(Digest::value).orElse("-")));
        return EnvState.of(entries);
    }

    /**
     * What drift's Adopt is judged against: what the env runs, digest for digest, and what its env tag names. The drift
     * card carries it; the Adopt click, the approval click and the approved run each refuse when it changed.
     */
    public List<String> adoptState(String service, Env env) {
        Target any = new Target(service, env, null, "", "");
        return withTag(service, env, stateOf(any, runtime.listManaged(new com.larkops.model.ServiceName(service), env))).entries();
    }

    /** Drift's Adopt in prod: the plan ({@link AdoptPlanner}) made now and recorded as awaiting approval (kind adopt). */
    public Prepared prepareAdopt(Target target, Caller caller) {
        service(target.service());
        refuseIfFrozen(target);
        Adopting a = adopting(target, caller, Release.Outcome.AWAITING_APPROVAL);
        return new Prepared(a.release(), a.plan(), withTag(target.service(), target.env(), stateOf(target, a.containers())).entries(),
                serving(a.containers(), target.serviceName(), target.env()));
    }

    /** An adopt planned from what runs and what the env tag names now, its release begun with {@code outcome}. */
    private record Adopting(ServiceConfig service, List<ContainerState> containers, Release release, Plan plan) {
    }

    private Adopting adopting(Target target, Caller caller, Release.Outcome outcome) {
        ServiceConfig service = service(target.service());
        List<ContainerState> containers = containersFor(target);
        Optional<Digest> tag = registry.tagTarget(service.repository(), target.env().tag());
        AdoptPlanner.Way way = AdoptPlanner.way(target, runs(target, containers), tag, history.live(target.serviceName(), target.env()));
        Release release = history.begin(newRelease(target, Release.Kind.ADOPT, caller), outcome);
        Plan plan = adoptPlan(way, target, service, release.id(), caller.user(), containers, tag);
        history.assign(release.id(), plan.container());
        return new Adopting(service, containers, release, plan);
    }

    /** Drift's Adopt outside prod: planned and run now, under the service/env lock (the gates passed already). */
    public Outcome adopt(Target target, Caller caller, Progress progress) {
        service(target.service());
        refuseIfFrozen(target);
        try (PlanLocks.Held held = locks.hold(LockKey.of(target.serviceName(), target.env()), caller.user())) {
            Adopting a = adopting(target, caller, Release.Outcome.IN_PROGRESS);
            return run(a.plan(), a.release(), a.service(), serving(a.containers(), target.serviceName(), target.env()), progress, Optional.empty());
        }
    }

    /** Whether the env runs the target's digest now (a running release container; on Swarm, the service's spec). */
    private boolean runs(Target target, List<ContainerState> containers) {
        if (config.runtime() == RuntimeKind.SWARM) {
            return swarm().swarmService(SwarmPlanner.serviceName(target.serviceName(), target.env()))
                    .map(s -> digestIn(s.image()).equals(target.digest().value())).orElse(false);
        }
        return DeployPlanner.releasesOf(containers, target.serviceName(), target.env()).stream().filter(ContainerState::running)
                .anyMatch(c -> target.digest().value().equals(c.label(Labels.DIGEST)));
    }

    private Plan adoptPlan(AdoptPlanner.Way way, Target target, ServiceConfig service, long releaseId, String actor,
                           List<ContainerState> containers, Optional<Digest> tag) {
        if (way == AdoptPlanner.Way.DEPLOY) {
            return plan(target, Release.Kind.ADOPT, service, releaseId, actor, containers);
        }
        return config.runtime() == RuntimeKind.SWARM
                ? AdoptPlanner.recordSwarm(target, service, config.swarm(service.serviceName()),
                swarm().swarmService(SwarmPlanner.serviceName(target.serviceName(), target.env())), tag)
                : AdoptPlanner.record(target, service, config.network(), containers, tag);
    }

    /** What the target's env runs now, by digest: each running container, or the Swarm service's spec and each running task. */
    private EnvState stateOf(Target target, List<ContainerState> containers) {
        List<String> entries = new java.util.ArrayList<>();
        if (config.runtime() == RuntimeKind.SWARM) {
            String name = SwarmPlanner.serviceName(target.serviceName(), target.env());
            swarm().swarmService(name).ifPresent(s -> {
                entries.add(EnvState.entry("service " + name, digestIn(s.image())));
                swarm().swarmTasks(name).stream().filter(com.larkops.runtime.SwarmTask::running)
                        .forEach(t -> entries.add(EnvState.entry("task " + t.slot(), t.digest())));
            });
        } else {
            DeployPlanner.releasesOf(containers, target.serviceName(), target.env()).stream().filter(ContainerState::running)
                    .forEach(c -> entries.add(EnvState.entry(c.name(), c.label(Labels.DIGEST))));
        }
        return EnvState.of(entries);
    }

    private static String digestIn(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(at + 1);
    }

    /**
     * Runs an approved plan exactly as stored, provided the environment still runs, digest for digest, what it
     * ran when the plan was made; otherwise the plan would act on a state nobody approved, so it is cancelled.
     * On Swarm, what a failed run goes back to is the service as it is at the run.
     */
    public Outcome runApproved(Plan plan, long releaseId, List<String> runningBefore, String approver, String requester,
                               Progress progress) {
        Target target = plan.target();
        ServiceConfig service = service(target.service());
        Optional<com.larkops.i18n.Text> frozen = freezes.why(target.serviceName(), target.env());
        if (frozen.isPresent()) {
            com.larkops.i18n.Text detail = Msg.of("release.outcome.frozen_cancelled", target.service(), target.env(), frozen.get());
            history.cancel(releaseId, detail.in(com.larkops.i18n.Language.DEFAULT));
            return new Outcome(false, detail);
        }
        try (PlanLocks.Held held = locks.hold(plan.lock(), approver)) {
            List<ContainerState> containers = runtime.listManaged(target.serviceName(), target.env());
            Optional<com.larkops.i18n.Text> changed = EnvState.of(runningBefore).changeText(judged(target, runningBefore,
                    stateOf(target, containers)));
            if (changed.isPresent()) {
                com.larkops.i18n.Text detail = Msg.of("release.outcome.changed_cancelled", target.service(), target.env(), changed.get());
                history.cancel(releaseId, detail.in(com.larkops.i18n.Language.DEFAULT));
                return new Outcome(false, detail);
            }
            // what to go back to if the run fails is what runs now, under the lock (the same, digest for digest)
            Plan toRun = config.runtime() == RuntimeKind.SWARM
                    ? SwarmPlanner.undoingTo(plan, swarm().swarmService(SwarmPlanner.serviceName(target.serviceName(), target.env())))
                    : plan;
            history.start(releaseId, clock.instant());
            Release release = history.byId(releaseId).orElseThrow();
            return run(toRun, release, service, serving(containers, target.serviceName(), target.env()), progress,
                    Optional.of(Msg.of("release.card.approved_by", Md.mention(approver), Md.mention(requester))));
        }
    }

    /**
     * The service/env's containers from one engine listing; each is inspected too only when the plan must
     * order them by when they last ran ({@link DeployPlanner#needsTimes}), which a usual rollback need not.
     */
    private List<ContainerState> containersFor(Target target) {
        List<ContainerState> listed = runtime.listManaged(target.serviceName(), target.env());
        if (config.runtime() == RuntimeKind.SWARM || !DeployPlanner.needsTimes(target, listed, config.keepStopped())) {
            return listed;
        }
        return listed.stream().map(c -> runtime.inspect(c.id())).flatMap(Optional::stream).toList();
    }

    /** Containers on this host, or a Swarm service (runtime: swarm): the same target, the runtime's plan. */
    private Plan plan(Target target, Release.Kind kind, ServiceConfig service, long releaseId, String actor,
                      List<ContainerState> containers) {
        if (config.runtime() == RuntimeKind.SWARM) {
            return SwarmPlanner.plan(target, kind, service, config.swarm(service.serviceName()), releaseId, actor,
                    swarm().swarmService(SwarmPlanner.serviceName(target.serviceName(), target.env())));
        }
        return DeployPlanner.plan(target, kind, service, config.network(), releaseId, actor, containers, config.keepStopped(), self);
    }

    private Outcome run(Plan plan, Release release, ServiceConfig service, Optional<ContainerState> current, Progress progress,
                        Optional<com.larkops.i18n.Text> approvalLine) {
        return run(plan, release, service, current, progress, approvalLine, Closing.NONE);
    }

    private Outcome run(Plan plan, Release release, ServiceConfig service, Optional<ContainerState> current, Progress progress,
                        Optional<com.larkops.i18n.Text> approvalLine, Closing closing) {
        Target target = plan.target();
        com.larkops.i18n.Text run = Msg.of("release.progress.run", Msg.of("release.kind." + plan.kind().label()), target.service(),
                target.version(), target.digest().shortForm(), target.env());
        com.larkops.i18n.Text what = plan.reusesKeptContainer() ? Msg.of("release.progress.kept", run, plan.container()) : run;
        progress.line(plan.definitionChangeText().<com.larkops.i18n.Text>map(c -> Msg.of("release.progress.definition", what, c))
                .orElse(Msg.of("release.progress.ellipsis", what)));
        log.info("release {} plan:\n{}", release.id(), plan.describe());
        ChangeTracker card = ChangeTracker.forPlan(plan, release, progress, clock);
        approvalLine.ifPresent(l -> card.card().line(l));
        card.update(c -> ChangeCards.started(c, plan, current));
        // the card's message, for a bot that must finish this change after this one died (Reconciler); off the plan's path
        java.util.concurrent.CompletableFuture.runAsync(() -> card.messageId().ifPresent(m -> executor.cardPosted(release, m, card.commandMessageId())));
        PlanExecutor.Result result = executor.execute(plan, release, card);
        String name = target.service() + " " + target.version() + " (" + target.digest().shortForm() + ")";
        if (!result.live()) {
            com.larkops.i18n.Text text = current.map(c -> Msg.of("release.outcome.failed_still", name, target.env(),
                            c.label(Labels.VERSION), Digest.parse(c.label(Labels.DIGEST)).shortForm(), result.text()))
                    .orElse(Msg.of("release.outcome.failed", name, target.env(), result.text()));
            closing.lines(false).forEach(l -> card.card().line(l));
            card.update(c -> ChangeCards.failed(c, target, text, clock.instant()));
            cardShown(card, release);
            tellFinished(target, plan.kind(), release.actor(), false, text.in(com.larkops.i18n.Language.DEFAULT));
            return new Outcome(false, text, Optional.of(card.render()));
        }
        history.byId(release.id()).ifPresent(r -> soak.watch(r, service));
        com.larkops.i18n.Text text = Msg.of("release.outcome.live", name, result.text());
        closing.lines(true).forEach(l -> card.card().line(l));
        card.update(c -> ChangeCards.live(c, plan, release, text, clock.instant()));
        cardShown(card, release);
        tellFinished(target, plan.kind(), release.actor(), true, text.in(com.larkops.i18n.Language.DEFAULT));
        return new Outcome(true, text, Optional.of(card.render()));
    }

    /**
     * The card counts as finished once its final state reached the chat, not when it was handed to the sender:
     * a bot killed in between (a self-deploy's old bot, right after the switch) leaves the card to recovery,
     * and holds the service/env lock until then, so no other bot finishes it while this one still may.
     */
    private void cardShown(ChangeTracker card, Release release) {
        if (card.delivered()) {
            executor.cardFinished(release);
        }
    }

    /** A freeze covering the target refuses any change that is not a break-glass rollback (deploys, canaries). */
    public void refuseIfFrozen(Target target) {
        freezes.why(target.serviceName(), target.env()).ifPresent(why -> {
            throw new RefusedException(Msg.of("release.refused.frozen", target.service(), target.env(), why));
        });
    }

    /**
     * The target already serves, from the definition asked for; on this host a changed definition (volumes, env
     * file, groups…) is a change to run (Swarm services compare their spec themselves).
     */
    private Optional<Outcome> alreadyRunning(Target target, Optional<ContainerState> current) {
        if (current.isPresent() && target.digest().value().equals(current.get().label(Labels.DIGEST))
                && (config.runtime() == RuntimeKind.SWARM || Definition.of(service(target.service()), config.network())
                .changesFrom(current.get().label(Labels.SPEC)).isEmpty())) {
            return Optional.of(new Outcome(true, Msg.of("release.outcome.already_runs", target.service(), target.version(),
                    target.digest().shortForm(), target.env())));
        }
        return Optional.empty();
    }

    private ReleaseHistory.NewRelease newRelease(Target target, Release.Kind kind, Caller caller) {
        return new ReleaseHistory.NewRelease(target.serviceName(), target.env(), target.version(), target.digest(), target.image(),
                kind, caller.user(), caller.chat(), clock.instant());
    }

    static Optional<ContainerState> serving(List<ContainerState> containers, ServiceName service, Env env) {
        return DeployPlanner.releasesOf(containers, service, env).stream().filter(ContainerState::running)
                .max(java.util.Comparator.comparing(c -> c.startedAt() == null ? Instant.EPOCH : c.startedAt()));
    }
}
