package com.larkops.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CountdownTest {
    @Test
    void coarseFarAwayFinerCloseBy() {
        assertThat(Countdown.until(Duration.ofHours(2).plusMinutes(13))).isEqualTo("in 2h 10m");
        assertThat(Countdown.until(Duration.ofHours(2).plusMinutes(4))).isEqualTo("in 2h");
        assertThat(Countdown.until(Duration.ofDays(2).plusHours(4).plusMinutes(59))).isEqualTo("in 2d 4h");
        assertThat(Countdown.until(Duration.ofMinutes(7).plusSeconds(59))).isEqualTo("in 7m");
        assertThat(Countdown.until(Duration.ofSeconds(20))).isEqualTo("in under a minute");
        assertThat(Countdown.until(Duration.ZERO)).isEqualTo("due now");
        assertThat(Countdown.until(Duration.ofMinutes(-3))).isEqualTo("due now");
    }
}
