package com.larkops.release;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One handler per {@link Step} kind, in a map ({@link #of}): each a method of the step class named for what it does
 * ({@link ContainerSteps}, {@link ImageSteps}, {@link HealthWait}, {@link RoutingSteps}, {@link SelfRetire},
 * {@link RegistrySteps}, {@link SwarmServiceSteps}). {@link PlanExecutor} builds it once and runs each step through
 * {@link #run}. A kind without a handler is refused when the map is built ({@link #complete}), not met mid-plan.
 */
final class StepHandlers {

    /** Runs one step; a non-empty answer means it found nothing to do and was skipped (with why). */
    @FunctionalInterface
    interface Handler<S extends Step> {
        Optional<String> run(S step, StepRun run);
    }

    /** A container on a network: what the health gate last saw there is kept per pair for the route step. */
    record OnNetwork(String container, String network) {
    }

    /**
     * What the steps of one plan run share: the env file's values, the aliases the health gate saw, notes for the
     * final reply (a Swarm node drained during the update: where its tasks went), and the Swarm specs applied, by
     * service (what the update is applied again with after the engine rolled back over a drained node's task).
     */
    record StepRun(Map<String, String> envValues, Map<OnNetwork, List<String>> seenAliases, List<com.larkops.i18n.Text> notes,
                   Map<String, com.larkops.runtime.SwarmSpec> applied,
                   java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<com.larkops.i18n.Text>> running) {
        static StepRun of(Map<String, String> envValues) {
            return new StepRun(envValues, new HashMap<>(), new java.util.ArrayList<>(), new HashMap<>(),
                    new java.util.concurrent.atomic.AtomicReference<>(detail -> { }));
        }

        /** Shows {@code detail} beside the running step on the live card (the executor points it at the step). */
        void showRunning(com.larkops.i18n.Text detail) {
            running.get().accept(detail);
        }
    }

    private final Map<Class<? extends Step>, Handler<? extends Step>> handlers = new HashMap<>();

    /**
     * The map: each step kind to its handler, a method of the class named for what it does (handed only the ports it
     * needs). The Swarm kinds need Swarm's change port, which only {@code runtime: swarm} hands over; without it they
     * fail, saying so.
     */
    static StepHandlers of(ContainerSteps containers, ImageSteps images, HealthWait health, RoutingSteps routing,
                           SelfRetire selfRetire, RegistrySteps registry, Optional<SwarmServiceSteps> swarm) {
        StepHandlers h = new StepHandlers()
                .does(Step.Pull.class, images::pull)
                .on(Step.Create.class, containers::create)
                .does(Step.Detach.class, routing::detach)
                .does(Step.Start.class, containers::start)
                .on(Step.AwaitHealthy.class, health::await)
                .on(Step.Route.class, routing::route)
                .does(Step.Retire.class, containers::retire)
                .does(Step.RetireLater.class, selfRetire::retireLater)
                .does(Step.Stop.class, containers::stop)
                .does(Step.Remove.class, containers::remove)
                .does(Step.MoveTag.class, registry::moveTag)
                .on(Step.DeleteManifest.class, registry::deleteManifest)
                .on(Step.DeleteAttachment.class, registry::deleteAttachment)
                .does(Step.RemoveImage.class, images::remove);
        if (swarm.isPresent()) {
            SwarmServiceSteps services = swarm.get();
            h.on(Step.UpdateService.class, services::update)
                    .on(Step.AwaitConverged.class, services::converge)
                    .does(Step.RestoreService.class, services::restore);
        } else {
            h.on(Step.UpdateService.class, SwarmServiceSteps::refuse)
                    .on(Step.AwaitConverged.class, SwarmServiceSteps::refuse)
                    .on(Step.RestoreService.class, SwarmServiceSteps::refuse);
        }
        return h.complete();
    }

    <S extends Step> StepHandlers on(Class<S> kind, Handler<S> handler) {
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("two handlers for " + kind.getSimpleName());
        }
        return this;
    }

    /** A handler that always does its step (it never finds nothing to do). */
    <S extends Step> StepHandlers does(Class<S> kind, java.util.function.Consumer<S> action) {
        return on(kind, (step, run) -> {
            action.accept(step);
            return Optional.empty();
        });
    }

    /** Every kind {@link Step} permits has its handler; called once the map is built. */
    StepHandlers complete() {
        for (Class<?> kind : Step.class.getPermittedSubclasses()) {
            if (!handlers.containsKey(kind)) {
                throw new IllegalStateException("no handler for step kind " + kind.getSimpleName());
            }
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    Optional<String> run(Step step, StepRun run) {
        Handler<Step> handler = (Handler<Step>) handlers.get(step.getClass());
        return handler.run(step, run);
    }
}
