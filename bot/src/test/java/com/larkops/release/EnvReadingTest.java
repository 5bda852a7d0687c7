package com.larkops.release;

import com.larkops.cards.StatusCard;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.SwarmTask;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What /digest says serves, beside which change, with which drift: decided on data. */
class EnvReadingTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Locks.Holder LOCK = new Locks.Holder("ou_dev", T0.plusSeconds(100));

    static ContainerState container(String name, String version, String digest, boolean running, Instant started, String health) {
        return new ContainerState(name, name, "r/echo@" + digest, "", Map.of(Labels.SERVICE, "echo", Labels.ENV, "staging",
                Labels.VERSION, version, Labels.DIGEST, digest, Labels.DEPLOYED_BY, "ou_dev"), running, running ? "running" : "exited",
                null, started, started, null, health, false);
    }

    static Release release(long id, String version, String digest, Release.Kind kind, Release.Outcome outcome, String container,
                           Optional<Instant> finished) {
        return new Release(id, new ServiceName("echo"), Env.STAGING, version, Digest.parse(digest), "r/echo@" + digest, kind, "ou_dev", "oc",
                T0.plusSeconds(id), finished, outcome, "", container, Optional.empty(), Optional.empty());
    }

    static final Release LIVE1 = release(1, "1.0.0", D1, Release.Kind.DEPLOY, Release.Outcome.LIVE, "echo-staging-1", Optional.of(T0));
    static final Release DEPLOY3 = release(2, "3.0.0", D3, Release.Kind.DEPLOY, Release.Outcome.IN_PROGRESS, "echo-staging-2", Optional.empty());

    @Test
    void whileAGateWaitsTheLiveContainerServesEvenThoughTheNewOneStartedLater() {
        List<ContainerState> mine = List.of(container("echo-staging-1", "1.0.0", D1, true, T0, null),
                container("echo-staging-2", "3.0.0", D3, true, T0.plusSeconds(200), "starting"));
        EnvReading r = EnvReading.docker(mine, new EnvReading.Store(Optional.of(LIVE1), Optional.of(LOCK), Optional.of(DEPLOY3),
                Optional.of("start echo-staging-2")));
        assertThat(r.version()).isEqualTo("1.0.0");
        assertThat(r.digest()).isEqualTo(D1);
        assertThat(r.drift()).isEmpty();
        assertThat(r.change().orElseThrow().line()).isEqualTo("deploy 3.0.0 (" + D3.substring(0, 19) + ") by ou_dev — step: health gate: "
                + "waiting until echo-staging-2 is healthy (starting); last step done: start echo-staging-2");
    }

    @Test
    void withoutAChangeOfItsOwnTheSameEngineStateIsDrift() {
        List<ContainerState> mine = List.of(container("echo-staging-1", "1.0.0", D1, true, T0, null),
                container("x", "3.0.0", D3, true, T0.plusSeconds(200), null));
        EnvReading r = EnvReading.docker(mine, new EnvReading.Store(Optional.of(LIVE1), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(r.version()).isEqualTo("1.0.0");
        assertThat(r.change()).isEmpty();
        assertThat(r.drift()).containsExactly("2 containers running (echo-staging-1, x)");
    }

    @Test
    void whatRunsWhenTheLiveReleasesContainerDoesNotIsDriftWhenIdle() {
        List<ContainerState> mine = List.of(container("echo-staging-1", "1.0.0", D1, false, T0, null),
                container("x", "3.0.0", D3, true, T0.plusSeconds(200), null));
        EnvReading r = EnvReading.docker(mine, new EnvReading.Store(Optional.of(LIVE1), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(r.digest()).isEqualTo(D3);
        assertThat(r.drift()).containsExactly("history says 1.0.0 (" + D1.substring(0, 19) + ")");
    }

    @Test
    void aFirstDeployServesNothingYetAndIsNoDrift() {
        List<ContainerState> mine = List.of(container("echo-staging-2", "3.0.0", D3, true, T0.plusSeconds(200), null));
        EnvReading r = EnvReading.docker(mine, new EnvReading.Store(Optional.empty(), Optional.of(LOCK), Optional.of(DEPLOY3), Optional.empty()));
        assertThat(r.serving()).isEmpty();
        assertThat(r.drift()).isEmpty();
        assertThat(r.change().orElseThrow().step()).isEqualTo("health gate: waiting until echo-staging-2 is healthy");
    }

    @Test
    void aLockThatOutlivedItsEndedReleaseIsNoChangeButOneStillPlanningIs() {
        Release failed = release(2, "3.0.0", D3, Release.Kind.DEPLOY, Release.Outcome.FAILED, "echo-staging-2", Optional.of(LOCK.since().plusSeconds(5)));
        assertThat(EnvReading.changeLock(Optional.of(LOCK), Optional.empty(), Optional.of(failed))).isEmpty();
        assertThat(EnvReading.changeLock(Optional.of(LOCK), Optional.empty(), Optional.of(LIVE1))).contains(LOCK);
        assertThat(EnvReading.changeLock(Optional.of(LOCK), Optional.of(DEPLOY3), Optional.of(failed))).contains(LOCK);
    }

    @Test
    void aSwarmUpdateShowsEachDigestWithItsTasksLiveFirstAndNoDrift() {
        ContainerState service = container("echo-staging", "3.0.0", D3, true, T0.plusSeconds(200), "starting");
        List<SwarmTask> tasks = List.of(task(1, D3), task(2, D1));
        EnvReading r = EnvReading.swarm(Optional.of(service), tasks, Optional.of("updating"), List.of(com.larkops.i18n.Text.verbatim("1 of 2 task(s) run another digest")),
                new EnvReading.Store(Optional.of(LIVE1), Optional.of(LOCK), Optional.of(DEPLOY3), Optional.of("update Swarm service echo-staging")));
        assertThat(r.shares()).containsExactly(new StatusCard.Share("1.0.0", D1, 1), new StatusCard.Share("3.0.0", D3, 1));
        assertThat(r.version()).isEqualTo("1.0.0");
        assertThat(r.drift()).isEmpty();
        assertThat(r.change().orElseThrow().step()).startsWith("rolling update (updating), 1 of 2 running task(s) on the target");
    }

    @Test
    void aSwarmReadingNamesEachTasksNodeAndDigestBySlot() {
        ContainerState service = container("echo-staging", "1.0.0", D1, true, T0, "healthy");
        List<SwarmTask> tasks = List.of(new SwarmTask("t2", 2, "n2", "node-b", "r/echo@" + D1, "running", "running", "", "", "c2"),
                new SwarmTask("t1", 1, "n1", "node-a", "r/echo@" + D1, "running", "running", "", "", "c1"));
        EnvReading r = EnvReading.swarm(Optional.of(service), tasks, Optional.empty(), List.of(),
                new EnvReading.Store(Optional.of(LIVE1), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(r.tasks()).containsExactly(new StatusCard.TaskOn(1, "node-a", D1), new StatusCard.TaskOn(2, "node-b", D1));
        assertThat(r.tasks().get(1).line()).isEqualTo("task 2 on node-b: " + D1.substring(0, 19));
        assertThat(EnvReading.docker(List.of(service), new EnvReading.Store(Optional.of(LIVE1), Optional.empty(), Optional.empty(),
                Optional.empty())).tasks()).isEmpty();
    }

    @Test
    void aSwarmRollbackInTheMiddleIsNoDrift() {
        Release live3 = release(2, "3.0.0", D3, Release.Kind.DEPLOY, Release.Outcome.LIVE, "", Optional.of(T0));
        Release back = release(3, "1.0.0", D1, Release.Kind.ROLLBACK, Release.Outcome.IN_PROGRESS, "", Optional.empty());
        ContainerState service = container("echo-staging", "1.0.0", D1, true, T0.plusSeconds(200), "starting");
        EnvReading r = EnvReading.swarm(Optional.of(service), List.of(task(1, D3), task(2, D3)), Optional.of("updating"),
                List.of(com.larkops.i18n.Text.verbatim("the service spec was changed")), new EnvReading.Store(Optional.of(live3), Optional.of(LOCK), Optional.of(back), Optional.empty()));
        assertThat(r.digest()).isEqualTo(D3);
        assertThat(r.shares()).isEmpty();
        assertThat(r.drift()).isEmpty();
        assertThat(r.change().orElseThrow().what()).isEqualTo("rollback");
    }

    static SwarmTask task(int slot, String digest) {
        return new SwarmTask("t" + slot, slot, "n1", "node-1", "r/echo@" + digest, "running", "running", "", "", "c" + slot);
    }
}
