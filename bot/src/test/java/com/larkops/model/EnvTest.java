package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvTest {

    @ParameterizedTest
    @CsvSource({"staging,STAGING", "prod,PROD", "STAGING,STAGING", "Prod,PROD", "' prod ',PROD"})
    void parsesBothEnvironmentsInAnyCase(String input, Env expected) {
        assertThat(Env.parse(input)).isSameAs(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"production", "stg", "dev", "prod;", "st aging", "latest", "PRODUCTION"})
    void refusesAnythingElse(String input) {
        assertThatThrownBy(() -> Env.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an environment; expected staging or prod");
    }

    @Test
    void namesAndTagsAreLowerCase() {
        assertThat(Env.STAGING.tag()).isEqualTo("staging");
        assertThat(Env.PROD.tag()).isEqualTo("prod");
        assertThat(Env.STAGING).hasToString("staging");
        assertThat(Env.PROD).hasToString("prod");
    }

    @Test
    void parsingDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(Env.parse("STAGING")).isSameAs(Env.STAGING);
            assertThat(Env.STAGING.tag()).isEqualTo("staging");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void echoesLongInputOnlyClipped() {
        String huge = "x".repeat(5000);
        assertThatThrownBy(() -> Env.parse(huge))
                .hasMessageStartingWith("'" + "x".repeat(77) + "...'");
    }
}
