package com.larkops.release;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    void jsonKeysUrlUserInfoAndKeyValueFormsAreScrubbed() {
        String out = new Redactor(List.of()).redact("""
                {"user":"bob","password":"hunter2","Token": "t0k3n"}
                connecting to postgres://app:pa55w0rd@db:5432/app
                using secret letmein now
                """);
        assertThat(out).doesNotContain("hunter2", "t0k3n", "pa55w0rd", "letmein")
                .contains("\"user\":\"bob\"", "\"password\":\"****\"", "postgres://app:****@db:5432/app");
    }

    @Test
    void shortEnvValuesGoAsWholeWordsAndEveryEnvKeyIsMaskedWhateverItsValue() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PIN", "7q");
        env.put("MODE", "x");
        Redactor r = Redactor.forEnv(env);
        assertThat(r.redact("about 7q here")).isEqualTo("about **** here");
        assertThat(r.redact("a7qb")).isEqualTo("a7qb");
        assertThat(r.redact("MODE=x starting")).isEqualTo("MODE=**** starting");
    }

    @Test
    void theTailIsBoundedToLinesAndAWindowBeforeAnyPatternRuns() {
        String manyLines = "line\n".repeat(100) + "last";
        List<String> lines = Redactor.lastLines(manyLines, Redactor.MAX_LINES, 600);
        assertThat(lines).hasSize(Redactor.MAX_LINES).endsWith("last");
        assertThat(Redactor.lastLines("x".repeat(5000), 1, 600).get(0)).hasSize(601);
        String longLine = "password=" + "a".repeat(1 << 20);
        String out = new Redactor(List.of()).redact(longLine);
        assertThat(out.length()).isLessThan(Redactor.MAX_LINE_CHARS + 20);
        assertThat(out).startsWith("password=****");
    }

    @Test
    void pathologicalInputStaysFastBecauseItIsBounded() {
        // a regex with unbounded nested quantifiers would take minutes on this; bounded input keeps it trivial
        String evil = ("a.".repeat(5000) + "password").repeat(40) + "\n" + "://".repeat(10000);
        String out = new Redactor(List.of("zzzz")).redact(evil);
        assertThat(out.lines().count()).isLessThanOrEqualTo(Redactor.MAX_LINES);
    }

    @Test
    void aSecretAcrossTheCutIsMaskedWholeNotHalfShown() {
        String secret = "Zq7-" + "k".repeat(36);
        Redactor r = Redactor.forEnv(Map.of("API_SECRET", secret));
        String line = "x".repeat(Redactor.MAX_LINE_CHARS - 20) + secret + " tail";
        String out = r.redact(line);
        assertThat(out).doesNotContain("Zq7-").doesNotContain("kkkk").contains("****");
        // a long line whose window ends inside a secret, with masks before it pulling that start forward
        String pulled = (secret + " ").repeat(300) + "y".repeat(20_000);
        assertThat(r.redact(pulled)).doesNotContain("Zq7-").doesNotContain("kkkk");
    }

    @Test
    void asManyLinesAsAskedUpTo500() {
        String text = "line\n".repeat(800) + "last";
        assertThat(new Redactor(List.of()).redact(text, 200).lines().count()).isEqualTo(200);
        assertThat(new Redactor(List.of()).redact(text, 5000).lines().count()).isEqualTo(Redactor.MAX_LINES_ASKED);
        assertThat(new Redactor(List.of()).redact(text).lines().count()).isEqualTo(Redactor.MAX_LINES);
    }
}
