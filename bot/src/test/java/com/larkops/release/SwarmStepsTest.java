package com.larkops.release;

import com.larkops.command.Progress;
import com.larkops.runtime.SwarmNode;
import com.larkops.runtime.SwarmReads;
import com.larkops.runtime.SwarmService;
import com.larkops.runtime.SwarmTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SwarmSteps#await} on scripted engine answers: a node drained in the middle, converged or rolled back. */
class SwarmStepsTest {
    static final String OLD = "sha256:" + "1".repeat(64);
    static final String NEW = "sha256:" + "2".repeat(64);
    static final SwarmNode A = new SwarmNode("na", "node-a", "manager", "ready", "active", "10.0.0.1", Map.of());
    static final SwarmNode B = new SwarmNode("nb", "node-b", "worker", "ready", "active", "10.0.0.2", Map.of());
    static final SwarmNode B_DRAINED = new SwarmNode("nb", "node-b", "worker", "ready", "drain", "10.0.0.2", Map.of());
    static final Step.AwaitConverged AWAIT = new Step.AwaitConverged("web-staging", NEW, "r/web@" + OLD, Duration.ofSeconds(30));

    /** One engine answer per poll; the last one repeats. */
    record Poll(SwarmService service, List<SwarmTask> tasks, List<SwarmNode> nodes) {
    }

    static final class Scripted implements SwarmReads {
        private final List<Poll> polls;
        private int at;
        private Poll current;

        Scripted(Poll... polls) {
            this.polls = List.of(polls);
        }

        @Override
        public Optional<SwarmService> swarmService(String name) {
            current = polls.get(Math.min(at++, polls.size() - 1));
            return Optional.of(current.service());
        }

        @Override
        public List<SwarmTask> swarmTasks(String serviceName) {
            return current.tasks();
        }

        @Override
        public List<SwarmNode> swarmNodes() {
            return current.nodes();
        }
    }

    @Test
    void aDrainInTheMiddleIsShownWhileItRollsAndSaidWhereTheTasksWentOnceConverged() {
        Scripted engine = new Scripted(
                new Poll(service(NEW, "updating", ""), List.of(task("t1", 1, "na", NEW, "running", "running", ""),
                        task("t2", 2, "nb", OLD, "running", "running", "")), List.of(A, B)),
                new Poll(service(NEW, "updating", ""), List.of(task("t1", 1, "na", NEW, "running", "running", ""),
                        task("t2", 2, "nb", OLD, "shutdown", "shutdown", "")), List.of(A, B_DRAINED)),
                new Poll(service(NEW, "completed", ""), List.of(task("t1", 1, "na", NEW, "running", "running", ""),
                        task("t3", 2, "na", NEW, "running", "running", "")), List.of(A, B_DRAINED)));
        List<String> notes = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        Optional<SwarmSteps.NotConverged> result = new SwarmSteps(engine).await(AWAIT, Progress.NONE,
                n -> notes.add(english(n)), new NodesLeft(), d -> shown.add(english(d)), () -> { });
        assertThat(result).isEmpty();
        assertThat(shown).containsExactly("node node-b drained during the update; its tasks move to the nodes left");
        assertThat(notes).containsExactly("node node-b drained during the update; tasks moved to node-a");
    }

    @Test
    void anUpdateTheEngineCallsDoneWithASlotFilledTwiceIsReconciledOnceThenConverges() {
        List<SwarmTask> doubled = List.of(task("t1", 1, "na", NEW, "running", "running", ""),
                task("t3", 1, "na", NEW, "running", "running", ""), task("t2", 2, "na", NEW, "running", "running", ""));
        List<SwarmTask> cleaned = List.of(task("t3", 1, "na", NEW, "running", "running", ""), task("t2", 2, "na", NEW, "running", "running", ""));
        List<String> reconciled = new ArrayList<>();
        SwarmReads engine = new SwarmReads() {
            @Override
            public Optional<SwarmService> swarmService(String name) {
                return Optional.of(service(NEW, "completed", ""));
            }

            @Override
            public List<SwarmTask> swarmTasks(String serviceName) {
                return reconciled.isEmpty() ? doubled : cleaned; // the engine keeps the doubled slot until it reconciles
            }

            @Override
            public List<SwarmNode> swarmNodes() {
                return List.of(A, B_DRAINED);
            }
        };
        Optional<SwarmSteps.NotConverged> result = new SwarmSteps(engine, Duration.ofMillis(300)).await(AWAIT, Progress.NONE,
                n -> { }, new NodesLeft(), d -> { }, () -> reconciled.add("apply the spec once more"));
        assertThat(result).isEmpty();
        assertThat(reconciled).containsExactly("apply the spec once more");
    }

    @Test
    void aRollbackOverATaskTheDrainShutDownIsTheNodesDoingButOverAFailedTaskItIsNot() {
        assertThat(rolledBackOver("shutdown", "").nodeLeft()).isTrue();
        SwarmSteps.NotConverged failed = rolledBackOver("failed", "task: non-zero exit (1): unhealthy container");
        assertThat(failed.nodeLeft()).isFalse();
        assertThat(failed.text()).startsWith("node node-b drained during the update; the engine rolled the update back\n")
                .contains("rollback_completed").contains("failed: task: non-zero exit");
    }

    @Test
    void aRollbackWithNoNodeLeavingIsTheImages() {
        Scripted engine = new Scripted(
                new Poll(service(NEW, "rollback_started", "update rolled back due to failure or early termination of task t9"),
                        List.of(task("t9", 1, "na", NEW, "shutdown", "shutdown", "")), List.of(A, B)),
                new Poll(service(OLD, "rollback_completed", "rollback completed"),
                        List.of(task("t1", 1, "na", OLD, "running", "running", "")), List.of(A, B)));
        SwarmSteps.NotConverged r = new SwarmSteps(engine).await(AWAIT, Progress.NONE, n -> { }, new NodesLeft(), d -> { }, () -> { })
                .orElseThrow();
        assertThat(r.nodeLeft()).isFalse();
        assertThat(r.text()).startsWith("the engine rolled web-staging back (rollback_completed");
    }

    @Test
    void theNotConvergedDetailAndTheTaskRowsReadInChineseWithTheEnginesWordsAsTheyAre() {
        SwarmSteps.NotConverged failed = rolledBackOver("failed", "task: non-zero exit (1): unhealthy container");
        assertThat(failed.message().in(com.larkops.i18n.Language.ZH_CN)).isEqualTo("""
                更新期间节点 node-b 已排空；引擎回滚了此次更新
                引擎已回滚 web-staging（rollback_completed：rollback completed）；当前运行 %s
                任务 2（节点 node-b）失败：task: non-zero exit (1): unhealthy container
                任务 1（节点 node-a）：sha256:111111111111 running
                任务 2（节点 node-a）：sha256:111111111111 running""".formatted(OLD));
        assertThat(failed.text()).as("English as before").isEqualTo("""
                node node-b drained during the update; the engine rolled the update back
                the engine rolled web-staging back (rollback_completed: rollback completed); it runs %s
                task 2 on node-b failed: task: non-zero exit (1): unhealthy container
                task 1 on node-a: sha256:111111111111 running
                task 2 on node-a: sha256:111111111111 running""".formatted(OLD));
    }

    @Test
    void theSwarmStepRowsReadInChineseAndJapanese() {
        Step.UpdateService u = new Step.UpdateService("web-staging", "r/web@" + NEW, Map.of(), null, 2, 1, List.of("node.role==worker"),
                List.of(), null, null, 0, null, null, null, "r/web@" + OLD, 96L * 1024 * 1024, 0.5, List.of());
        assertThat(u.label().in(com.larkops.i18n.Language.EN_US)).isEqualTo(u.describe());
        assertThat(u.label().in(com.larkops.i18n.Language.ZH_CN)).isEqualTo("将 Swarm 服务 web-staging 更新为 r/web@" + NEW
                + "（2 个副本，先启动后停止，每次 1 个，受健康检查约束，失败时由引擎回滚，约束 node.role==worker，内存 100663296 字节，CPU 0.5）");
        assertThat(AWAIT.label().in(com.larkops.i18n.Language.EN_US)).isEqualTo(AWAIT.describe());
        assertThat(AWAIT.label().in(com.larkops.i18n.Language.JA_JP)).isEqualTo("web-staging の全タスクが sha256:222222222222 で動くまで待機（タイムアウト 30s）");
        Step.RestoreService back = new Step.RestoreService("web-staging", "r/web@" + OLD);
        Step.RestoreService away = new Step.RestoreService("web-staging", null);
        assertThat(back.label().in(com.larkops.i18n.Language.EN_US)).isEqualTo(back.describe());
        assertThat(away.label().in(com.larkops.i18n.Language.EN_US)).isEqualTo(away.describe());
        assertThat(away.label().in(com.larkops.i18n.Language.ZH_CN)).isEqualTo("删除新建的 Swarm 服务 web-staging");
    }

    private static SwarmSteps.NotConverged rolledBackOver(String blamedState, String blamedError) {
        Scripted engine = new Scripted(
                new Poll(service(NEW, "updating", ""), List.of(task("t1", 1, "na", OLD, "running", "running", ""),
                        task("t9", 2, "nb", NEW, "running", "running", "")), List.of(A, B)),
                new Poll(service(NEW, "rollback_started", "update rolled back due to failure or early termination of task t9"),
                        List.of(task("t1", 1, "na", OLD, "running", "running", ""),
                                task("t9", 2, "nb", NEW, blamedState, "shutdown", blamedError)), List.of(A, B_DRAINED)),
                new Poll(service(OLD, "rollback_completed", "rollback completed"),
                        List.of(task("t1", 1, "na", OLD, "running", "running", ""), task("t4", 2, "na", OLD, "running", "running", ""),
                                task("t9", 2, "nb", NEW, blamedState, "shutdown", blamedError)), List.of(A, B_DRAINED)));
        return new SwarmSteps(engine).await(AWAIT, Progress.NONE, n -> { }, new NodesLeft(), d -> { }, () -> { }).orElseThrow();
    }

    static String english(com.larkops.i18n.Text t) {
        return t.in(com.larkops.i18n.Language.EN_US);
    }

    static SwarmService service(String digest, String state, String message) {
        return new SwarmService("s1", "web-staging", 1, "r/web@" + digest, Map.of(), 2, Optional.of(state), message, Optional.empty());
    }

    static SwarmTask task(String id, int slot, String nodeId, String digest, String state, String desired, String error) {
        return new SwarmTask(id, slot, nodeId, nodeId.equals("na") ? "node-a" : "node-b", "r/web@" + digest, state, desired, "", error, "c" + id);
    }
}
