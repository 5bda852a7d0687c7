package com.larkops.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkillConfigTest {
    static LarkopsConfig parse(String services) {
        return ConfigFile.parse("registry: 127.0.0.1:5000\nservices:\n" + services, "test.yaml");
    }

    @Test
    void aSkillHasWordsATimeoutAndARole() {
        ServiceConfig echo = parse("""
                  echo:
                    repository: skills/echo
                    skill: true
                    commands: [echo, say]
                    timeout: 2s
                """).service("echo").orElseThrow();
        assertThat(echo.skill()).isTrue();
        assertThat(echo.commands()).containsExactly("echo", "say");
        assertThat(echo.skillTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(echo.skillRole()).isEqualTo("reader");
    }

    @Test
    void plainServicesKeepTheirDefaults() {
        ServiceConfig web = parse("  web:\n    repository: apps/web\n").service("web").orElseThrow();
        assertThat(web.skill()).isFalse();
        assertThat(web.commands()).isEmpty();
        assertThat(web.skillTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(web.volumes()).isEmpty();
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    commands: [a]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("services.a.commands").hasMessageContaining("skill: true");
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    skill: true\n    commands: [/a]\n"))
                .hasMessageContaining("not a command word");
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    skill: yes please\n")).hasMessageContaining("services.a.skill");
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    skill: true\n    timeout: 5m\n")).hasMessageContaining("100ms-60s");
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    skill: true\n    role: boss\n")).hasMessageContaining("services.a.role");
        assertThatThrownBy(() -> parse("  a:\n    repository: x/a\n    volumes: [data:/data]\n")).hasMessageContaining("services.a.volumes");
        assertThatThrownBy(() -> parse("""
                  a:
                    repository: x/a
                    skill: true
                    commands: [hi]
                  b:
                    repository: x/b
                    skill: true
                    commands: [hi]
                """)).hasMessageContaining("/hi is already answered by skill a");
    }

    @Test
    void theBotsOwnServiceMountsItsDataAndTheEngineSocket() {
        ServiceConfig bot = parse("""
                  larkops:
                    repository: larkops/bot
                    volumes: [/srv/larkops/data:/data, /var/run/docker.sock:/var/run/docker.sock, /etc/larkops/larkops.yaml:/etc/larkops/larkops.yaml:ro]
                """).service("larkops").orElseThrow();
        assertThat(bot.volumes()).hasSize(3);
    }
}
