package com.larkops.window;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployWindowTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    static DeployWindow window(ZoneId zone, List<String> allow, List<String> deny) {
        return DeployWindow.parse(zone, allow, deny);
    }

    @Test
    void insideAndOutsideAWeeklyAllow() {
        DeployWindow w = window(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        assertThat(w.isOpen(at("2026-12-07T10:00", SHANGHAI))).as("Monday 10:00, start inclusive").isTrue();
        assertThat(w.isOpen(at("2026-12-10T16:59", SHANGHAI))).as("Thursday 16:59").isTrue();
        assertThat(w.isOpen(at("2026-12-10T17:00", SHANGHAI))).as("end exclusive").isFalse();
        assertThat(w.isOpen(at("2026-12-11T12:00", SHANGHAI))).as("Friday").isFalse();
        assertThat(w.isOpen(at("2026-12-07T09:59", SHANGHAI))).isFalse();
    }

    @Test
    void theZoneDecidesNotUtc() {
        DeployWindow w = window(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        // 02:00 UTC on a Monday is 10:00 in Shanghai
        assertThat(w.isOpen(Instant.parse("2026-12-07T02:00:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-12-07T10:00:00Z"))).isFalse();
    }

    @Test
    void nextOpeningAcrossMidnightAndTheWeekEnd() {
        DeployWindow w = window(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        assertThat(w.nextOpening(at("2026-12-08T18:30", SHANGHAI))).contains(at("2026-12-09T10:00", SHANGHAI));
        assertThat(w.nextOpening(at("2026-12-10T17:00", SHANGHAI))).as("Thursday evening: next Monday")
                .contains(at("2026-12-14T10:00", SHANGHAI));
        assertThat(w.nextOpening(at("2026-12-08T11:00", SHANGHAI))).as("open now: now").contains(at("2026-12-08T11:00", SHANGHAI));
    }

    @Test
    void denyOverridesAllow() {
        DeployWindow w = window(SHANGHAI, List.of("Mon-Fri 09:00-18:00"), List.of("2026-12-25", "Fri 12:00-18:00"));
        assertThat(w.isOpen(at("2026-12-25T10:00", SHANGHAI))).as("a Friday holiday").isFalse();
        assertThat(w.isOpen(at("2026-12-18T13:00", SHANGHAI))).as("Friday afternoon").isFalse();
        assertThat(w.isOpen(at("2026-12-18T11:00", SHANGHAI))).as("Friday morning").isTrue();
        assertThat(w.nextOpening(at("2026-12-24T18:30", SHANGHAI))).as("after Thursday: the holiday, the weekend")
                .contains(at("2026-12-28T09:00", SHANGHAI));
        assertThat(w.whyClosed(at("2026-12-25T10:00", SHANGHAI))).isEqualTo("deny 2026-12-25 Asia/Shanghai");
    }

    @Test
    void denyOnlyMeansOpenOtherwise() {
        DeployWindow w = window(ZoneId.of("UTC"), List.of(), List.of("Sat-Sun"));
        assertThat(w.isOpen(Instant.parse("2026-12-11T23:59:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-12-12T00:00:00Z"))).isFalse();
        assertThat(w.nextOpening(Instant.parse("2026-12-12T08:00:00Z"))).contains(Instant.parse("2026-12-14T00:00:00Z"));
    }

    @Test
    void aRangePastMidnight() {
        DeployWindow w = window(ZoneId.of("UTC"), List.of("Fri 22:00-02:00"), List.of());
        assertThat(w.isOpen(Instant.parse("2026-12-11T23:00:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-12-12T01:59:00Z"))).as("Saturday early: still Friday's night").isTrue();
        assertThat(w.isOpen(Instant.parse("2026-12-12T02:00:00Z"))).isFalse();
        assertThat(w.isOpen(Instant.parse("2026-12-11T01:00:00Z"))).as("Friday early belongs to Thursday").isFalse();
        assertThat(w.nextOpening(Instant.parse("2026-12-12T03:00:00Z"))).contains(Instant.parse("2026-12-18T22:00:00Z"));
    }

    @Test
    void nextOpeningAcrossADstChange() {
        // Berlin springs forward on Sun 2027-03-28 (02:00 → 03:00): 10:00 local is 08:00 UTC after, 09:00 UTC before
        DeployWindow w = window(BERLIN, List.of("Mon-Fri 10:00-17:00"), List.of());
        assertThat(w.nextOpening(Instant.parse("2027-03-26T17:00:00Z"))).contains(Instant.parse("2027-03-29T08:00:00Z"));
        assertThat(w.nextOpening(Instant.parse("2027-03-25T17:00:00Z"))).contains(Instant.parse("2027-03-26T09:00:00Z"));
        // a period starting in the skipped hour opens when the clock jumps
        DeployWindow gap = window(BERLIN, List.of("Sun 02:30-04:00"), List.of());
        assertThat(gap.nextOpening(Instant.parse("2027-03-27T12:00:00Z"))).contains(Instant.parse("2027-03-28T01:00:00Z"));
    }

    @Test
    void aWindowThatNeverOpensSaysSo() {
        DeployWindow w = window(ZoneId.of("UTC"), List.of("2020-01-01"), List.of());
        assertThat(w.nextOpening(Instant.parse("2026-12-07T00:00:00Z"))).isEqualTo(Optional.empty());
        assertThat(w.refusal("prod", Instant.parse("2026-12-07T00:00:00Z"))).contains("does not open");
    }

    @Test
    void theRefusalLine() {
        DeployWindow w = window(SHANGHAI, List.of("Mon-Thu 10:00-17:00"), List.of());
        assertThat(w.refusal("prod", at("2026-12-09T18:00", SHANGHAI))).isEqualTo(
                "prod is outside its deploy window (allow Mon-Thu 10:00-17:00 Asia/Shanghai); next opening Thu 2026-12-10 10:00");
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> window(SHANGHAI, List.of("Mon-Thu 10:00-17:00", "Mon-Thr 10:00-17:00"), List.of()))
                .isInstanceOf(WindowException.class).hasMessageContaining("allow[1]").hasMessageContaining("'Thr' is not a day");
        assertThatThrownBy(() -> window(SHANGHAI, List.of(), List.of("2026-02-30"))).hasMessageContaining("deny[0]")
                .hasMessageContaining("not a date of the calendar");
        assertThatThrownBy(() -> window(SHANGHAI, List.of("Mon 25:00-26:00"), List.of())).hasMessageContaining("'25:00' is not a time");
        assertThatThrownBy(() -> window(SHANGHAI, List.of("Mon 10:00-10:00"), List.of())).hasMessageContaining("empty period");
        assertThatThrownBy(() -> window(SHANGHAI, List.of("whenever"), List.of())).hasMessageContaining("'whenever' is not a day");
        assertThatThrownBy(() -> window(SHANGHAI, List.of("Mon 10-17"), List.of())).hasMessageContaining("is not a period");
        assertThatThrownBy(() -> WallTime.zone("Mars/Olympus")).hasMessageContaining("'Mars/Olympus' is not a time zone");
    }

    @Test
    void periodsParseTheGrammar() {
        assertThat(Period.parse("Sat-Sun").contains(LocalDateTime.parse("2026-12-13T23:59"))).isTrue();
        assertThat(Period.parse("Fri-Mon").contains(LocalDateTime.parse("2026-12-13T12:00"))).as("a range across the week's end").isTrue();
        assertThat(Period.parse("Mon,Wed 08:00-09:00").contains(LocalDateTime.parse("2026-12-09T08:30"))).isTrue();
        assertThat(Period.parse("Mon 18:00-24:00").contains(LocalDateTime.parse("2026-12-07T23:59"))).isTrue();
        assertThat(Period.parse("2026-12-25").contains(LocalDateTime.parse("2026-12-25T00:00"))).isTrue();
        assertThat(WallTime.dateTime("2026-12-08", "10:00")).isEqualTo(LocalDateTime.parse("2026-12-08T10:00"));
    }
}
