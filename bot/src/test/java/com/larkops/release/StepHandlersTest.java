package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The map of step kinds to handlers: complete or refused when built, one handler per kind; the Swarm kinds off Swarm. */
class StepHandlersTest {

    @Test
    void aMapMissingAKindIsRefusedWhenBuiltNotMetMidPlan() {
        StepHandlers partial = new StepHandlers().does(Step.Pull.class, p -> { });

        assertThatThrownBy(partial::complete).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no handler for step kind ");
    }

    @Test
    void aKindHasOneHandler() {
        StepHandlers h = new StepHandlers().does(Step.Pull.class, p -> { });

        assertThatThrownBy(() -> h.does(Step.Pull.class, p -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("two handlers for Pull");
    }

    @Test
    void onAnEngineThatRunsContainersTheSwarmKindsFailSayingSo() {
        // the handlers only hold their ports until a step runs: none is reached here
        StepHandlers h = StepHandlers.of(new ContainerSteps(null), new ImageSteps(null, null), new HealthWait(null, null),
                new RoutingSteps(null, null), new SelfRetire(null), new RegistrySteps(null), Optional.empty());

        assertThatThrownBy(() -> h.run(new Step.RestoreService("echo-staging", null), StepHandlers.StepRun.of(Map.of())))
                .isInstanceOf(StepFailed.class)
                .hasMessage("this engine runs containers, not Swarm services (runtime: docker)");
    }

    @Test
    void onSwarmEveryKindHasItsHandler() {
        StepHandlers h = StepHandlers.of(new ContainerSteps(null), new ImageSteps(null, null), new HealthWait(null, null),
                new RoutingSteps(null, null), new SelfRetire(null), new RegistrySteps(null),
                Optional.of(new SwarmServiceSteps(new SwarmSteps(null), null)));

        assertThat(h.complete()).isSameAs(h);
    }

    @Test
    void aHandlerThatAlwaysDoesItsStepIsNeverSkipped() {
        StringBuilder ran = new StringBuilder();
        StepHandlers h = new StepHandlers().does(Step.Pull.class, p -> ran.append(p.image()));

        assertThat(h.run(new Step.Pull("r/echo:1"), StepHandlers.StepRun.of(Map.of()))).isEmpty();
        assertThat(ran).hasToString("r/echo:1");
    }
}
