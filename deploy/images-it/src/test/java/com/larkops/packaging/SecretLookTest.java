package com.larkops.packaging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretLookTest {
    @Test
    void findsAssignmentsOfSecretNames() {
        assertThat(SecretLook.find(List.of(
                "LARK_APP_SECRET=abc",
                "/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2",
                "|1 GITHUB_TOKEN=ghp_x /bin/sh -c make",
                "aws.access_key: AKIA123",
                "SSH_KEY=ssh-rsa",
                "LARK_ENCRYPT_KEY=\"k\"")))
                .hasSize(6);
    }

    @Test
    void ignoresHarmlessMetadata() {
        assertThat(SecretLook.find(List.of(
                "PATH=/opt/jre/bin:/usr/bin",
                "LARKOPS_CONFIG=/etc/larkops/larkops.yaml",
                "org.opencontainers.image.version=0.1.0",
                "jlink --add-modules java.base,jdk.crypto.ec",
                "ENV LARK_APP_SECRET=",
                "KEYBOARD=us",
                "MONKEY=1"))).isEmpty();
    }
}
