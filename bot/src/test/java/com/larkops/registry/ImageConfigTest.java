package com.larkops.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageConfigTest {

    @Test
    void readsLabelsEnvCreatedAndHistory() {
        ImageConfig config = ImageConfig.parse("""
                {"architecture":"amd64","os":"linux","created":"2025-03-01T10:15:30.123456789+08:00",
                 "config":{"Env":["PATH=/bin","MODE=prod"],"Labels":{"org.opencontainers.image.version":"1.4.2","empty":null}},
                 "history":[{"created":"2025-03-01T02:15:30Z","created_by":"COPY busybox /bin/busybox # buildkit"},
                            {"created_by":"LABEL org.opencontainers.image.version=1.4.2","empty_layer":true}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(config.labels()).containsEntry("org.opencontainers.image.version", "1.4.2").containsEntry("empty", "");
        assertThat(config.env()).containsExactly("PATH=/bin", "MODE=prod");
        assertThat(config.created()).isEqualTo(Instant.parse("2025-03-01T02:15:30.123456789Z"));
        assertThat(config.history()).containsExactly(
                new ImageConfig.HistoryEntry("COPY busybox /bin/busybox # buildkit", false),
                new ImageConfig.HistoryEntry("LABEL org.opencontainers.image.version=1.4.2", true));
    }

    @Test
    void missingPartsAreEmptyNotNull() {
        ImageConfig config = ImageConfig.parse("{\"config\":{\"Labels\":null,\"Env\":null}}".getBytes(StandardCharsets.UTF_8));
        assertThat(config.labels()).isEmpty();
        assertThat(config.env()).isEmpty();
        assertThat(config.history()).isEmpty();
        assertThat(config.created()).isNull();
    }

    @Test
    void unreadableCreatedIsNull() {
        assertThat(ImageConfig.parse("{\"created\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)).created()).isNull();
    }

    @Test
    void notJsonIsRefused() {
        assertThatThrownBy(() -> ImageConfig.parse("<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image config");
    }
}
