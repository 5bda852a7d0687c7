package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "Changed since the request" is decided by digest, per container or task; names alone only for rows stored before digests. */
class EnvStateTest {
    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);

    @Test
    void theSameNameOnAnotherDigestIsAChange() {
        EnvState then = EnvState.of(List.of("service web-prod@" + A, "task 1@" + A, "task 2@" + A));
        assertThat(then.changeTo(EnvState.of(List.of("task 2@" + A, "task 1@" + A, "service web-prod@" + A)))).isEmpty();
        String change = then.changeTo(EnvState.of(List.of("service web-prod@" + B, "task 1@" + B, "task 2@" + A))).orElseThrow();
        assertThat(change).contains("then service web-prod (sha256:aaaaaaaaaaaa), task 1 (sha256:aaaaaaaaaaaa)")
                .contains("no longer: service web-prod (sha256:aaaaaaaaaaaa), task 1 (sha256:aaaaaaaaaaaa)")
                .contains("new: service web-prod (sha256:bbbbbbbbbbbb), task 1 (sha256:bbbbbbbbbbbb)");
    }

    @Test
    void aContainerGoneOrAddedIsAChangeAndNothingReadsAsNothing() {
        EnvState then = EnvState.of(List.of("echo-prod-r3@" + A));
        assertThat(then.changeTo(EnvState.of(List.of()))).hasValueSatisfying(c -> assertThat(c).contains("now nothing"));
        assertThat(then.changeTo(EnvState.of(List.of("echo-prod-r3@" + A, "echo-prod-r5@" + B)))).isPresent();
        assertThat(EnvState.of(List.of()).changeTo(EnvState.of(List.of()))).isEmpty();
    }

    @Test
    void rowsStoredBeforeDigestsCompareByName() {
        EnvState legacy = EnvState.of(List.of("echo-prod-r3"));
        assertThat(legacy.changeTo(EnvState.of(List.of("echo-prod-r3@" + A)))).isEmpty();
        assertThat(legacy.changeTo(EnvState.of(List.of("echo-prod-r4@" + A)))).isPresent();
    }
}
