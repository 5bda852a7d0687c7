package com.larkops.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {

    @Test
    void parsesDockerHubBearerChallengeWithCommaInScope() {
        List<AuthChallenge> parsed = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\"");
        assertThat(parsed).hasSize(1);
        AuthChallenge c = parsed.get(0);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull,push");
    }

    @Test
    void toleratesSpacesUnquotedValuesCaseAndEscapes() {
        AuthChallenge c = AuthChallenge.parse("bearer  Realm = https://ccr.ccs.tencentyun.com/service/token , "
                + "service=\"a \\\"quoted\\\" service\"").get(0);
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://ccr.ccs.tencentyun.com/service/token");
        assertThat(c.param("service")).isEqualTo("a \"quoted\" service");
    }

    @Test
    void splitsSeveralChallengesInOneHeader() {
        List<AuthChallenge> parsed = AuthChallenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://t/token\",service=\"s\"");
        assertThat(parsed).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(parsed.get(0).param("realm")).isEqualTo("Registry Realm");
        assertThat(parsed.get(1).param("service")).isEqualTo("s");
    }

    @Test
    void picksBearerOverBasicAcrossHeaders() {
        assertThat(AuthChallenge.pick(List.of("Basic realm=\"x\"", "Bearer realm=\"https://t\"")))
                .hasValueSatisfying(c -> assertThat(c.isBearer()).isTrue());
        assertThat(AuthChallenge.pick(List.of("Basic realm=\"x\"")))
                .hasValueSatisfying(c -> assertThat(c.isBasic()).isTrue());
        assertThat(AuthChallenge.pick(List.of("Negotiate"))).isEmpty();
        assertThat(AuthChallenge.pick(List.of())).isEmpty();
    }

    @Test
    void survivesGarbage() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse("Bearer realm=\"unterminated")).singleElement()
                .satisfies(c -> assertThat(c.param("realm")).isEqualTo("unterminated"));
        assertThat(AuthChallenge.parse("Bearer")).singleElement().satisfies(c -> assertThat(c.params()).isEmpty());
    }
}
