package com.larkops.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryCredentialsTest {

    @Test
    void toStringRedactsTheSecret() {
        RegistryCredentials credentials = RegistryCredentials.of("100012345678", "s3cr3t-token");
        assertThat(credentials.toString()).contains("100012345678").doesNotContain("s3cr3t-token").contains("***");
        assertThat(String.valueOf(credentials)).doesNotContain("s3cr3t");
    }

    @Test
    void noneIsAnonymous() {
        assertThat(RegistryCredentials.none().isPresent()).isFalse();
        assertThat(RegistryCredentials.none().username()).isNull();
        assertThat(RegistryCredentials.none()).hasToString("RegistryCredentials[none]");
        assertThatThrownBy(() -> RegistryCredentials.none().basicAuthorization()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void basicAuthorizationEncodesUserAndSecret() {
        String header = RegistryCredentials.of("bob", "p:ss wörd").basicAuthorization();
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8)).isEqualTo("bob:p:ss wörd");
    }

    @Test
    void refusesHalfCredentialsWithoutEchoingThem() {
        assertThatThrownBy(() -> RegistryCredentials.of("bob", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryCredentials.of(" ", "secret-value"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-value");
    }

    @Test
    void equalityIsByValue() {
        assertThat(RegistryCredentials.of("a", "b")).isEqualTo(RegistryCredentials.of("a", "b"))
                .isNotEqualTo(RegistryCredentials.of("a", "c"));
    }
}
