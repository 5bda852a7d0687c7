package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldWritesTest {
    static final Step GATE = new Step.AwaitHealthy("echo-staging-r1", 8080, "/healthz", Duration.ofSeconds(30), "larkops");
    static final Step ROUTE = new Step.Route("echo-staging-r1", "larkops", List.of("echo-staging"));
    static final Step RETIRE = new Step.Retire("echo-staging-r2", Duration.ofSeconds(10));
    static final Step TAG = new Step.MoveTag("skills/echo", com.larkops.model.Digest.parse("sha256:" + "a".repeat(64)), "staging");

    @Test
    void afterAGateFollowedByARouteAndAStopWritesWaitForTheFlushAndKeepTheirOrder() {
        HeldWrites writes = new HeldWrites();
        List<String> written = new ArrayList<>();
        writes.write(() -> written.add("start"));
        writes.holdIfCutOverFollows(List.of(GATE, ROUTE, RETIRE, TAG), 1);
        writes.write(() -> written.add("gate"));
        writes.write(() -> written.add("route"));
        writes.write(() -> written.add("stop"));
        assertThat(written).containsExactly("start");

        writes.flush();
        assertThat(written).containsExactly("start", "gate", "route", "stop");
        writes.write(() -> written.add("tag"));
        assertThat(written).endsWith("tag");
    }

    @Test
    void nothingIsHeldWhenNoStopOfWhatServedFollowsTheGate() {
        HeldWrites writes = new HeldWrites();
        List<String> written = new ArrayList<>();
        writes.holdIfCutOverFollows(List.of(GATE, ROUTE, TAG), 1); // a first deploy: nothing to stop
        writes.write(() -> written.add("route"));
        writes.holdIfCutOverFollows(List.of(GATE, TAG, RETIRE), 1); // another step comes between
        writes.write(() -> written.add("tag"));
        assertThat(written).containsExactly("route", "tag");
    }

    @Test
    void onlyTheRouteAndTheStopsBelongToTheWindow() {
        assertThat(HeldWrites.isCutOver(ROUTE)).isTrue();
        assertThat(HeldWrites.isCutOver(RETIRE)).isTrue();
        assertThat(HeldWrites.isCutOver(GATE)).isFalse();
        assertThat(HeldWrites.isCutOver(TAG)).isFalse();
    }
}
