package com.larkops.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code incidents:} as DESIGN.md writes it: watch (0 = off), urgent users and groups, recovery; defaults and mistakes. */
class IncidentsConfigTest {
    static final String BASE = "registry: 127.0.0.1:5000\nservices:\n  echo: {repository: skills/echo}\n";

    static IncidentSettings parse(String incidents) {
        return ConfigFile.parse(BASE + incidents, "larkops.yaml").incidents();
    }

    @Test
    void theDesignsExampleAndTheDefaults() {
        IncidentSettings s = parse("incidents:\n  watch: 30s\n  urgent: [ou_oncall, \"group:g_oncall\"]\n");
        assertThat(s.watch()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.urgent()).containsExactly("ou_oncall", "group:g_oncall");
        assertThat(s.recovery()).isEqualTo(IncidentSettings.DEFAULT_RECOVERY);
        assertThat(parse("")).isEqualTo(IncidentSettings.DEFAULT);
        assertThat(parse("").watching()).isTrue();
        assertThat(parse("incidents: {watch: 0}\n").watching()).isFalse();
        assertThat(parse("incidents: {recovery: 10m}\n").recovery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(parse("incidents: {}\n").urgent()).isEqualTo(List.of());
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> parse("incidents: {watch: 30}\n")).hasMessageContaining("incidents.watch");
        assertThatThrownBy(() -> parse("incidents: {watch: 1s}\n")).hasMessageContaining("incidents.watch is too short");
        assertThatThrownBy(() -> parse("incidents: {urgent: [\"dev team\"]}\n")).hasMessageContaining("incidents.urgent");
        assertThatThrownBy(() -> parse("incidents: {recovery: 0s}\n")).hasMessageContaining("incidents.recovery");
        assertThatThrownBy(() -> parse("incidents: {urgnet: [ou_x]}\n")).hasMessageContaining("unknown key 'incidents.urgnet'");
    }
}
