package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, 500", "30s, 30000", "5m, 300000", "24h, 86400000", "7d, 604800000", "0s, 0", "0ms, 0",
            "1h30m, 5400000", "1m30s, 90000", "1d2h3m4s5ms, 93784005", "' 45s ', 45000", "90s, 90000",
            "1s500ms, 1500", "05m, 300000",
    })
    void parsesNumbersWithUnits(String text, long millis) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "5", "m", "5 m", "5M", "5min", "5sec", "1.5h", "1,5h", "5m 30s", "30s1m", "1m1m", "5mm", "5ms5s",
            "abc", "5x", "+5s", "5s;rm -rf /", "$(id)s", "1h30", "PT5M", "1w", "s5",
    })
    void refusesJunk(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a duration; expected a whole number with a unit, like 500ms, 30s, 5m, 24h or 7d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "-0s", " -1d"})
    void refusesNegatives(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("is not a duration; durations cannot be negative");
    }

    @Test
    void refusesOverflowAndHugeInput() {
        assertThatThrownBy(() -> DurationText.parse("999999999999999999d"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("'999999999999999999d' is too long a duration");
        assertThatThrownBy(() -> DurationText.parse("9999999999999999999s"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationText.parse("1d".repeat(10_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'" + "1d".repeat(38) + "1...' is not a duration");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0s", "500, 500ms", "1500, 1500ms", "30000, 30s", "90000, 90s", "300000, 5m", "5400000, 90m",
            "86400000, 1d", "604800000, 7d", "7200000, 2h", "93784005, 93784005ms",
    })
    void formatsToTheShortestTextThatParsesBack(long millis, String text) {
        Duration d = Duration.ofMillis(millis);
        assertThat(DurationText.format(d)).isEqualTo(text);
        assertThat(DurationText.parse(text)).isEqualTo(d);
    }

    @Test
    void formatRefusesWhatItCannotWrite() {
        assertThatThrownBy(() -> DurationText.format(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> DurationText.format(Duration.ofNanos(1_500_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole milliseconds");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0 ms", "1, 1 ms", "250, 250 ms", "999, 999 ms", "1000, 1.0 s", "3140, 3.1 s", "3150, 3.2 s",
            "59940, 59.9 s", "59960, 1m", "60000, 1m", "95000, 1m35s", "95400, 1m35s", "95500, 1m36s",
            "3599000, 59m59s", "3600000, 1h", "3661000, 1h1m", "86399000, 23h59m", "86400000, 1d",
            "93784005, 1d2h", "-3140, -3.1 s",
    })
    void humanIsShortAndRounded(long millis, String text) {
        assertThat(DurationText.human(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
