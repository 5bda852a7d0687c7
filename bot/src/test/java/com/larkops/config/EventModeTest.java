package com.larkops.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventModeTest {
    @Test
    void webhookIsTheDefaultAndWebsocketIsChosenByEnv() {
        assertThat(Settings.forShell(Map.of()).eventMode()).isEqualTo(EventMode.WEBHOOK);
        assertThat(Settings.forShell(Map.of("LARK_EVENT_MODE", "websocket")).eventMode()).isEqualTo(EventMode.WEBSOCKET);
        assertThat(Settings.forShell(Map.of("LARK_EVENT_MODE", " WebHook ")).eventMode()).isEqualTo(EventMode.WEBHOOK);
    }

    @Test
    void aTypoIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> Settings.forShell(Map.of("LARK_EVENT_MODE", "websockt")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LARK_EVENT_MODE is 'websockt'");
    }
}
