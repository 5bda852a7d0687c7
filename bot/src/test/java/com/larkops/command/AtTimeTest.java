package com.larkops.command;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtTimeTest {
    @Test
    void splitsTheWordsBeforeAtFromTheTime() {
        AtTime at = AtTime.split(List.of("echo", "1.4.2", "prod", "at", "2026-12-08", "10:00")).orElseThrow();
        assertThat(at.before()).containsExactly("echo", "1.4.2", "prod");
        assertThat(at.at()).isEqualTo(LocalDateTime.parse("2026-12-08T10:00"));
        assertThat(AtTime.split(List.of("echo", "1.4.2"))).isEmpty();
    }

    @Test
    void aMalformedTimeIsOneUsageLine() {
        assertThatThrownBy(() -> AtTime.split(List.of("echo", "1.4.2", "at", "tomorrow"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("expected 'at YYYY-MM-DD HH:MM'");
        assertThatThrownBy(() -> AtTime.split(List.of("echo", "1.4.2", "at", "2026-12-08", "10:00", "prod")))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> AtTime.split(List.of("echo", "1.4.2", "at", "2026-02-30", "10:00"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a date of the calendar");
        assertThatThrownBy(() -> AtTime.split(List.of("echo", "1.4.2", "at", "2026-12-08", "24:00"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a time of day");
    }
}
