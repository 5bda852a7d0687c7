package com.larkops.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry endpoints' tokens: unset keeps an endpoint off, a short one stops the start with one line. */
class SettingsTokensTest {
    @Test
    void unsetTokensKeepTheWebhooksOff() {
        Settings s = Settings.forShell(Map.of());
        assertThat(s.pushTokens().harbor().isEmpty()).isTrue();
        assertThat(s.pushTokens().tcr().isEmpty()).isTrue();
        assertThat(s.pushTokens().acr().isEmpty()).isTrue();
    }

    @Test
    void eachTokenIsReadFromItsOwnVariable() {
        Settings s = Settings.forShell(Map.of("LARKOPS_HARBOR_EVENTS_TOKEN", "h".repeat(16), "LARKOPS_TCR_EVENTS_TOKEN", "t".repeat(20),
                "LARKOPS_ACR_EVENTS_TOKEN", "a".repeat(32)));
        assertThat(s.pushTokens().harbor().reveal()).isEqualTo("h".repeat(16));
        assertThat(s.pushTokens().tcr().reveal()).isEqualTo("t".repeat(20));
        assertThat(s.pushTokens().acr().reveal()).isEqualTo("a".repeat(32));
        assertThat(s.pushTokens().toString()).doesNotContain("hhhh");
    }

    @Test
    void aShortTokenFailsClosedNamingItsVariable() {
        for (String key : new String[]{"LARKOPS_HARBOR_EVENTS_TOKEN", "LARKOPS_TCR_EVENTS_TOKEN", "LARKOPS_ACR_EVENTS_TOKEN"}) {
            assertThatThrownBy(() -> Settings.forShell(Map.of(key, "short-secret")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(key + " is too short: expected at least 16 characters (e.g. openssl rand -hex 24)");
        }
    }
}
