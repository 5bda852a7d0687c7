package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScanTest {
    @Test
    void findsSecretsByNameAndValueAndNeverReportsTheValue() {
        var findings = SecretScan.scan(
                List.of("PATH=/usr/bin", "DB_PASSWORD=hunter2", "GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "API_TOKEN=",
                        "SECRET_FILE=/run/secrets/db"),
                Map.of("org.opencontainers.image.version", "1.0", "deploy.api-key", "k-12345"),
                List.of("/bin/sh -c #(nop) ADD file:abc in /", "/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2",
                        "RUN /bin/sh -c echo '-----BEGIN RSA PRIVATE KEY-----' > /k", "ARG AWS=AKIAABCDEFGHIJKLMNOP"));
        assertThat(findings).extracting(Object::toString).containsExactlyInAnyOrder(
                "DB_PASSWORD in config Env", "GITHUB in config Env", "deploy.api-key in label",
                "DB_PASSWORD in history layer 1", "(secret-looking value) in history layer 2", "AWS in history layer 3");
        assertThat(findings.toString()).doesNotContain("hunter2", "ghp_", "k-12345", "AKIA");
    }

    @Test
    void cleanImagesHaveNoFindings() {
        assertThat(SecretScan.scan(List.of("PATH=/usr/bin", "JAVA_HOME=/opt/java", "TOKEN_URL=$TOKEN_URL"),
                Map.of("org.opencontainers.image.source", "https://example.com/x"),
                List.of("COPY busybox /bin/busybox", "ENV PORT=8080"))).isEmpty();
    }

    @Test
    void hugeOrHostileHistoryIsScannedInBoundedTimeAndAnUnscannedCommandIsAFinding() {
        String longIdentifier = "RUN " + "a".repeat(50_000) + " && echo done";   // quadratic for an unbounded key pattern
        String manyEquals = "RUN " + "k=\" ".repeat(15_000);
        String tooLong = "RUN " + "x".repeat(SecretScan.MAX_COMMAND_CHARS + 1) + " TOKEN=s3cr3t";
        var findings = SecretScan.scan(List.of(), Map.of(), List.of(longIdentifier, manyEquals, tooLong));
        assertThat(findings).extracting(SecretScan.Finding::where).containsExactly("history layer 2");
        assertThat(findings.get(0).key()).contains("not scanned");
    }
}
