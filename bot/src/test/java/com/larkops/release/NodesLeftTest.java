package com.larkops.release;

import com.larkops.runtime.SwarmNode;
import com.larkops.runtime.SwarmTask;
import com.larkops.i18n.Language;
import com.larkops.i18n.Text;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NodesLeftTest {
    static final SwarmNode A = node("na", "node-a", "ready", "active");
    static final SwarmNode B = node("nb", "node-b", "ready", "active");

    @Test
    void aNodeThatHeldATaskAndWasDrainedIsNamedWithWhereTheTasksWent() {
        NodesLeft left = new NodesLeft();
        left.see(List.of(A, B), List.of(task(1, "na", "running"), task(2, "nb", "running")));
        assertThat(left.any()).isFalse();
        left.see(List.of(A, node("nb", "node-b", "ready", "drain")), List.of(task(1, "na", "running"), task(2, "nb", "shutdown")));
        assertThat(left.any()).isTrue();
        assertThat(en(left.converged(List.of(task(1, "na", "running"), task(2, "na", "running")))))
                .contains("node node-b drained during the update; tasks moved to node-a");
        assertThat(en(left.notConverged(NodesLeft.Outcome.ROLLED_BACK)))
                .contains("node node-b drained during the update; the engine rolled the update back");
    }

    @Test
    void aNodeAlreadyDrainedOrWithoutTasksWhenTheUpdateStartedIsNotNamed() {
        NodesLeft left = new NodesLeft();
        // drained before: its old tasks are history, never seen running there while it was active
        left.see(List.of(A, node("nb", "node-b", "ready", "drain")), List.of(task(1, "na", "running"), task(2, "nb", "shutdown")));
        // a third node that never held a task goes down
        left.see(List.of(A, node("nb", "node-b", "ready", "drain"), node("nc", "node-c", "down", "active")),
                List.of(task(1, "na", "running")));
        assertThat(left.any()).isFalse();
        assertThat(en(left.converged(List.of(task(1, "na", "running"))))).isEmpty();
    }

    @Test
    void aNodeThatWentDownIsSaidSo() {
        NodesLeft left = new NodesLeft();
        left.see(List.of(A, B), List.of(task(1, "na", "running"), task(2, "nb", "running")));
        left.see(List.of(A, node("nb", "node-b", "down", "active")), List.of(task(1, "na", "running"), task(2, "nb", "running")));
        assertThat(en(left.notConverged(NodesLeft.Outcome.PAUSED))).contains("node node-b went down during the update; the engine paused the update");
    }

    @Test
    void afterTheUpdateWasAppliedOnceMoreTheLineSaysSo() {
        NodesLeft left = new NodesLeft();
        left.see(List.of(A, B), List.of(task(1, "na", "running"), task(2, "nb", "running")));
        left.see(List.of(A, node("nb", "node-b", "ready", "drain")), List.of(task(1, "na", "running")));
        left.retried();
        assertThat(en(left.converged(List.of(task(1, "na", "running"))))).hasValueSatisfying(l -> assertThat(l)
                .startsWith("node node-b drained during the update; tasks moved to node-a (the engine had rolled back")
                .contains("larkops updated once more"));
        assertThat(en(left.notConverged(NodesLeft.Outcome.ROLLED_BACK)))
                .contains("node node-b drained during the update; the engine rolled the update back again");
    }

    @Test
    void theEngineNamesTheTaskBehindARollback() {
        assertThat(SwarmSteps.blamedTask("update rolled back due to failure or early termination of task kq1x2y3z4w5v6u7t8s9r0p1o2"))
                .contains("kq1x2y3z4w5v6u7t8s9r0p1o2");
        assertThat(SwarmSteps.blamedTask("rollback completed")).isEmpty();
        assertThat(SwarmSteps.blamedTask("update paused due to failure or early termination of task <b>x</b>")).isEmpty();
    }

    @Test
    void theLineReadsInChineseAndJapaneseWithTheNodeNamesAsTheyAre() {
        NodesLeft left = new NodesLeft();
        left.see(List.of(A, B), List.of(task(1, "na", "running"), task(2, "nb", "running")));
        left.see(List.of(A, node("nb", "node-b", "ready", "drain")), List.of(task(1, "na", "running")));
        assertThat(left.converged(List.of(task(1, "na", "running"))).orElseThrow().in(Language.ZH_CN))
                .isEqualTo("更新期间节点 node-b 已排空；任务已迁移到 node-a");
        assertThat(left.notConverged(NodesLeft.Outcome.ROLLED_BACK).orElseThrow().in(Language.JA_JP))
                .isEqualTo("更新中にノード node-b がドレインされました。エンジンが更新をロールバックしました");
    }

    private static Optional<String> en(Optional<Text> text) {
        return text.map(t -> t.in(Language.DEFAULT));
    }

    static SwarmNode node(String id, String host, String state, String availability) {
        return new SwarmNode(id, host, "worker", state, availability, "10.0.0.1", Map.of());
    }

    static SwarmTask task(int slot, String nodeId, String desired) {
        return new SwarmTask("t" + slot + nodeId, slot, nodeId, nodeId.equals("na") ? "node-a" : "node-b", "r/x@sha256:" + "a".repeat(64),
                "running", desired, "", "", "c" + slot);
    }
}
