package com.larkops.skill;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SkillBreakerTest {
    @Test
    void opensAfterThreeFailuresInARowPerDigestAndClosesAfterTheWaitOrASuccess() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        SkillBreaker at0 = new SkillBreaker(Clock.fixed(t0, ZoneOffset.UTC));
        at0.failed("d1");
        at0.failed("d1");
        assertThat(at0.openUntil("d1")).isEmpty();
        at0.failed("d1");
        assertThat(at0.openUntil("d1")).contains(t0.plus(SkillBreaker.OPEN_FOR));
        assertThat(at0.openUntil("d2")).isEmpty();
        at0.succeeded("d1");
        assertThat(at0.openUntil("d1")).isEmpty();
    }
}
