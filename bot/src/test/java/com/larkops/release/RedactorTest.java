package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    @Test
    void envFileValuesAndSecretLookingAssignmentsAreScrubbed() {
        Redactor r = new Redactor(List.of("s3cr3t-value", "ab"));
        String out = r.redact("""
                starting with s3cr3t-value
                DB_PASSWORD=hunter2 api_key: "xyz" user=bob
                Authorization: Bearer abcdefghijklmnop
                -----BEGIN RSA PRIVATE KEY-----
                MIIE
                -----END RSA PRIVATE KEY-----
                done""");
        assertThat(out).doesNotContain("s3cr3t-value", "hunter2", "xyz", "abcdefghijklmnop", "MIIE")
                .contains("DB_PASSWORD=****", "user=bob", "[private key redacted]", "done", "starting with ****");
    }

    @Test
    void shortValuesAreNotTreatedAsSecretsSoTextStaysReadable() {
        assertThat(new Redactor(List.of("ab")).redact("about")).isEqualTo("about");
    }
}
