package com.larkops.release;

import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner on data: no engine, no registry. */
class DeployPlannerTest {
    static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
    static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));
    static final Digest D3 = Digest.parse("sha256:" + "3".repeat(64));
    static final ServiceConfig ECHO = new ServiceConfig("echo", "skills/echo", 8080, "/healthz", Optional.of(Path.of("/etc/larkops/echo.env")),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));

    static Target target(Digest d, String version, Env env) {
        return new Target("echo", env, d, version, "127.0.0.1:5000/skills/echo@" + d.value());
    }

    static ContainerState container(String name, Digest d, Env env, boolean running, int minutesAgo) {
        Instant t = Instant.parse("2026-11-24T12:00:00Z").minusSeconds(minutesAgo * 60L);
        // made by this larkops from ECHO's definition on network "larkops"
        return new ContainerState("id-" + name, name, "img", "sha256:img", Map.of("larkops.service", "echo", "larkops.env", env.tag(),
                "larkops.digest", d.value(), "larkops.version", "v", "larkops.spec", Definition.of(ECHO, "larkops").label()), running, running ? "running" : "exited",
                running ? null : 0, t, t, running ? null : t.plusSeconds(30), null, false);
    }

    @Test
    void firstDeployPullsCreatesStartsWaitsAndRoutes() {
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 7, "ou_dev1", List.of(), 3);
        assertThat(plan.describe()).isEqualTo("""
                deploy echo 1.0.0 (sha256:111111111111) to staging
                1. pull 127.0.0.1:5000/skills/echo@sha256:1111111111111111111111111111111111111111111111111111111111111111
                2. create echo-staging-r7 (env from /etc/larkops/echo.env)
                3. start echo-staging-r7
                4. wait until echo-staging-r7 is healthy (/healthz, timeout 30s)
                5. route echo-staging → echo-staging-r7
                6. move tag skills/echo:staging → sha256:111111111111""");
        assertThat(plan.lock().value()).isEqualTo("echo/staging");
        Step.Create create = (Step.Create) plan.steps().get(1);
        assertThat(create.labels()).containsEntry("larkops.digest", D1.value()).containsEntry("larkops.version", "1.0.0")
                .containsEntry("larkops.release-id", "7").containsEntry("larkops.deployed-by", "ou_dev1")
                .containsEntry("larkops.env", "staging").containsEntry("larkops.service", "echo");
    }

    @Test
    void secondDeployStopsTheOldOnlyAfterRoutingTheNew() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 8, "ou_dev1",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3);
        List<String> steps = plan.steps().stream().map(Step::describe).toList();
        assertThat(steps).containsSubsequence("wait until echo-staging-r8 is healthy (/healthz, timeout 30s)",
                "route echo-staging → echo-staging-r8", "stop echo-staging-r7 (kept for rollback)");
        assertThat(plan.steps().stream().filter(s -> s instanceof Step.Remove)).isEmpty();
    }

    @Test
    void prodAnswersToThePlainServiceNameToo() {
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.PROD), Release.Kind.DEPLOY, ECHO, "larkops", 9, "ou_dev1", List.of(), 3);
        assertThat(plan.describe()).contains("route echo-prod, echo → echo-prod-r9");
    }

    @Test
    void rollbackRestartsTheKeptContainerInsteadOfPulling() {
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.ROLLBACK, ECHO, "larkops", 10, "ou_dev1",
                List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5), container("echo-staging-r7", D1, Env.STAGING, false, 10)), 3);
        assertThat(plan.reusesKeptContainer()).isTrue();
        assertThat(plan.container()).isEqualTo("echo-staging-r7");
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.Pull || s instanceof Step.Create || s instanceof Step.Detach);
        assertThat(plan.steps().get(0)).isEqualTo(new Step.Start("echo-staging-r7"));
        assertThat(plan.describe()).startsWith("rollback echo 1.0.0").contains("stop echo-staging-r8 (kept for rollback)");
    }

    @Test
    void aRollForwardOntoAKeptContainerDetachesItUntilItIsHealthy() {
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 10, "ou_dev1",
                List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5), container("echo-staging-r7", D1, Env.STAGING, false, 10)), 3);
        assertThat(plan.steps().get(0)).isEqualTo(new Step.Detach("echo-staging-r7", "larkops"));
        assertThat(plan.steps().get(1)).isEqualTo(new Step.Start("echo-staging-r7"));
    }

    @Test
    void keepsOnlyTheNewestStoppedContainers() {
        List<ContainerState> cs = new ArrayList<>();
        cs.add(container("echo-staging-r9", D3, Env.STAGING, true, 1));
        for (int i = 1; i <= 4; i++) {
            cs.add(container("echo-staging-r" + i, D1, Env.STAGING, false, 100 - i));
        }
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 10, "ou", cs, 3);
        // after the cut-over: r9 (just stopped), r4, r3 are the newest three; r2 and r1 go
        assertThat(plan.steps().stream().filter(s -> s instanceof Step.Remove).map(s -> ((Step.Remove) s).container()))
                .containsExactly("echo-staging-r2", "echo-staging-r1");
    }

    @Test
    void aRollbackToTheOneKeptContainerNeedsNoTimesButChoosingWhatToRemoveDoes() {
        List<ContainerState> usual = List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5),
                container("echo-staging-r7", D1, Env.STAGING, false, 10));
        assertThat(DeployPlanner.needsTimes(target(D1, "1.0.0", Env.STAGING), usual, 3)).isFalse();
        // a new digest: r8 retires, r7 stays stopped: two stopped after, within keep 2, beyond keep 1
        assertThat(DeployPlanner.needsTimes(target(D3, "3.0.0", Env.STAGING), usual, 2)).isFalse();
        assertThat(DeployPlanner.needsTimes(target(D3, "3.0.0", Env.STAGING), usual, 1)).isTrue();

        List<ContainerState> twoKept = List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5),
                container("echo-staging-r7", D1, Env.STAGING, false, 10), container("echo-staging-r6", D1, Env.STAGING, false, 20));
        assertThat(DeployPlanner.needsTimes(target(D1, "1.0.0", Env.STAGING), twoKept, 3)).isTrue();

        List<ContainerState> twoRunning = List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5),
                container("echo-staging-r7", D1, Env.STAGING, true, 10));
        assertThat(DeployPlanner.needsTimes(target(D3, "3.0.0", Env.STAGING), twoRunning, 3)).isTrue();
    }

    @Test
    void otherEnvironmentsAndServicesAreNotTouched() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 11, "ou",
                List.of(container("echo-prod-r3", D1, Env.PROD, true, 5)), 3);
        assertThat(plan.describe()).doesNotContain("echo-prod-r3");
    }

    @Test
    void deployingWhatAlreadyRunsIsNothingToDo() {
        assertThatThrownBy(() -> DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 12, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 5)), 3))
                .isInstanceOf(DeployPlanner.NothingToDo.class).hasMessageContaining("already runs 1.0.0");
    }

    @Test
    void stepsBeforeRoutingNeverChangeTraffic() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 13, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3);
        int route = plan.steps().indexOf(plan.steps().stream().filter(s -> s instanceof Step.Route).findFirst().orElseThrow());
        assertThat(plan.steps().subList(0, route)).noneMatch(Step::irreversible);
        assertThat(plan.steps().subList(route, plan.steps().size())).allMatch(Step::irreversible);
        assertThat(plan.steps().get(route).onFailure()).isEqualTo(Step.OnFailure.UNDO);
    }

    @Test
    void theEnvTagMovesLastSoTheApprovalCardShowsIt() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.PROD), Release.Kind.DEPLOY, ECHO, "larkops", 14, "ou",
                List.of(container("echo-prod-r7", D1, Env.PROD, true, 10)), 3);
        assertThat(plan.steps().get(plan.steps().size() - 1)).isEqualTo(new Step.MoveTag("skills/echo", D2, "prod"));
        assertThat(plan.describe()).endsWith("move tag skills/echo:prod → sha256:222222222222");
    }

    @Test
    void aCanaryIsNeitherTheOldContainerNorAlreadyRunning() {
        ContainerState canary = withLabel(container("echo-staging-canary-ab12cd", D2, Env.STAGING, true, 3), "larkops.canary", "true");
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 15, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10), canary), 3);
        assertThat(plan.describe()).contains("stop echo-staging-r7 (kept for rollback)").doesNotContain("canary");
    }

    @Test
    void theBotsOwnContainerIsRetiredLaterNotInThePlansThread() {
        Plan plan = DeployPlanner.plan(target(D2, "2.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 16, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 10)), 3, Optional.of("echo-staging-r7"));
        assertThat(plan.steps()).contains(new Step.RetireLater("echo-staging-r7", ECHO.stopGrace(), DeployPlanner.SELF_HEAD_START))
                .noneMatch(s -> s instanceof Step.Retire);
    }

    static ServiceConfig withVolumes(ServiceConfig s, List<String> volumes) {
        return new ServiceConfig(s.name(), s.repository(), s.port(), s.health(), s.envFile(), s.soak(), s.healthTimeout(),
                s.memoryBytes(), s.cpus(), s.stopGrace(), s.retention(), s.skill(), s.commands(), s.skillTimeout(), s.skillRole(),
                volumes, s.verify(), s.groupAdd());
    }

    @Test
    void theSameDigestWithAChangedDefinitionReplacesTheContainerTheNormalWay() {
        ServiceConfig more = withVolumes(ECHO, List.of("/srv/echo:/data"));
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, more, "larkops", 12, "ou",
                List.of(container("echo-staging-r7", D1, Env.STAGING, true, 5)), 3);
        assertThat(plan.definitionChange()).contains("definition changed: volumes");
        assertThat(plan.describe()).startsWith("deploy echo 1.0.0 (sha256:111111111111) to staging (definition changed: volumes)")
                .contains("create echo-staging-r12", "wait until echo-staging-r12 is healthy", "route echo-staging → echo-staging-r12",
                        "stop echo-staging-r7 (kept for rollback)");
        Step.Create create = (Step.Create) plan.steps().get(1);
        assertThat(create.volumes()).containsExactly("/srv/echo:/data");
        assertThat(create.labels().get("larkops.spec")).isEqualTo(Definition.of(more, "larkops").label()).doesNotContain("/srv");
    }

    @Test
    void eachChangedPartIsNamedAndTheOrderOfVolumesDoesNotCount() {
        ServiceConfig two = withVolumes(ECHO, List.of("/a:/a", "/b:/b"));
        assertThat(Definition.of(withVolumes(ECHO, List.of("/b:/b", "/a:/a")), "larkops").changesFrom(Definition.of(two, "larkops").label()))
                .isEmpty();
        ServiceConfig grouped = new ServiceConfig(ECHO.name(), ECHO.repository(), 9090, ECHO.health(), Optional.empty(), ECHO.soak(),
                ECHO.healthTimeout(), ECHO.memoryBytes(), ECHO.cpus(), ECHO.stopGrace(), ECHO.retention(), false, List.of(),
                ECHO.skillTimeout(), ECHO.skillRole(), List.of(), ECHO.verify(), List.of("999"));
        assertThat(Definition.of(grouped, "larkops").changesFrom(Definition.of(ECHO, "larkops").label()))
                .contains("definition changed: env_file, group_add, port");
    }

    @Test
    void aContainerWithoutARecordedDefinitionCountsAsChangedForADeployButARollbackRestartsIt() {
        ContainerState old = withoutLabel(container("echo-staging-r7", D1, Env.STAGING, true, 5), "larkops.spec");
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 12, "ou", List.of(old), 3);
        assertThat(plan.definitionChange()).hasValueSatisfying(c -> assertThat(c).contains("not recorded"));

        ContainerState keptOld = withoutLabel(container("echo-staging-r6", D1, Env.STAGING, false, 20), "larkops.spec");
        List<ContainerState> cs = List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5), keptOld);
        assertThat(DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.ROLLBACK, ECHO, "larkops", 13, "ou", cs, 3)
                .reusesKeptContainer()).isTrue();
        assertThat(DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, ECHO, "larkops", 13, "ou", cs, 3)
                .reusesKeptContainer()).isFalse();
    }

    @Test
    void aRollForwardDoesNotRestartAKeptContainerOfAnotherDefinition() {
        List<ContainerState> cs = List.of(container("echo-staging-r8", D2, Env.STAGING, true, 5),
                container("echo-staging-r7", D1, Env.STAGING, false, 10));
        Plan plan = DeployPlanner.plan(target(D1, "1.0.0", Env.STAGING), Release.Kind.DEPLOY, withVolumes(ECHO, List.of("/x:/x")),
                "larkops", 14, "ou", cs, 3);
        assertThat(plan.reusesKeptContainer()).isFalse();
        assertThat(plan.container()).isEqualTo("echo-staging-r14");
    }

    static ContainerState withoutLabel(ContainerState c, String key) {
        Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.remove(key);
        return new ContainerState(c.id(), c.name(), c.image(), c.imageId(), labels, c.running(), c.status(), c.exitCode(),
                c.created(), c.startedAt(), c.finishedAt(), c.health(), c.oomKilled());
    }

    static ContainerState withLabel(ContainerState c, String key, String value) {
        Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.put(key, value);
        return new ContainerState(c.id(), c.name(), c.image(), c.imageId(), labels, c.running(), c.status(), c.exitCode(),
                c.created(), c.startedAt(), c.finishedAt(), c.health(), c.oomKilled());
    }
}
