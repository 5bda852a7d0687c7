package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNameTest {
    static final String FORTY = "a123456789012345678901234567890123456789";

    @ParameterizedTest
    @ValueSource(strings = {"echo", "larkops", "a", "skill-2", "x-", "a--b", "web3", FORTY})
    void acceptsLowercaseNames(String name) {
        assertThat(ServiceName.parse(name).value()).isEqualTo(name);
        assertThat(ServiceName.parse(name)).hasToString(name).isEqualTo(new ServiceName(name));
    }

    @Test
    void ignoresSurroundingBlanks() {
        assertThat(ServiceName.parse("  echo ").value()).isEqualTo("echo");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "Echo", "ECHO", "1echo", "-echo", "echo_skill", "echo.skill", "echo skill", "echo;rm -rf /",
            "$(id)", "`id`", "ëcho", "echo/x", FORTY + "0",
    })
    void refusesOtherNames(String name) {
        assertThatThrownBy(() -> ServiceName.parse(name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a service name; service names are lowercase letters, digits and '-'")
                .hasMessageContaining("at most 40 characters");
    }

    @Test
    void echoesOnlyAClippedName() {
        assertThatThrownBy(() -> ServiceName.parse("X".repeat(1000)))
                .hasMessageStartingWith("'" + "X".repeat(77) + "...' is not a service name");
    }
}
