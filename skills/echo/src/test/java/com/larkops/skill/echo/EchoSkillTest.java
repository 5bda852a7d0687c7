package com.larkops.skill.echo;

import com.larkops.skill.kit.Invocation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EchoSkillTest {
    private final EchoSkill echo = new EchoSkill();

    @Test
    void repeatsTheText() {
        assertThat(echo.invoke(Invocation.of("hello world")).text()).isEqualTo("echo: hello world");
    }

    @Test
    void shoutFlagUpperCases() {
        assertThat(echo.invoke(Invocation.of("hello").withFlag(EchoSkill.SHOUT, true)).text()).isEqualTo("echo: HELLO");
        assertThat(echo.invoke(Invocation.of("hello").withFlag(EchoSkill.SHOUT, false)).text()).isEqualTo("echo: hello");
    }

    @Test
    void nothingToEchoExplainsUsage() {
        assertThat(echo.invoke(Invocation.of("   ")).text()).startsWith("usage: /echo");
    }
}
