package com.larkops.pipeline;

import com.larkops.config.FollowPolicy;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Version;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryNotificationsTest {
    static final String D = "sha256:" + "b".repeat(64);

    static byte[] envelope(String events) {
        return ("{\"events\":[" + events + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static String event(String id, String action, String mediaType, String repo, String tag, String digest) {
        return """
                {"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"%s","target":{"mediaType":"%s","size":528,
                 "digest":"%s","length":528,"repository":"%s","url":"http://127.0.0.1:5000/v2/%s/manifests/%s","tag":"%s"},
                 "request":{"id":"r1","addr":"127.0.0.1:1234","host":"127.0.0.1:5000","method":"PUT","useragent":"docker"},
                 "actor":{},"source":{"addr":"host:5000","instanceID":"i1"}}""".formatted(id, action, mediaType, digest, repo, repo, digest, tag);
    }

    @Test
    void manifestPushesWithATagAreKeptEverythingElseSkipped() {
        byte[] body = envelope(String.join(",",
                event("e1", "push", "application/vnd.docker.distribution.manifest.v2+json", "skills/echo", "1.0.1", D),
                event("e2", "push", "application/octet-stream", "skills/echo", "", D),
                event("e3", "pull", "application/vnd.docker.distribution.manifest.v2+json", "skills/echo", "1.0.1", D),
                event("e4", "push", "application/vnd.oci.image.manifest.v1+json", "skills/echo", "", D),
                event("e5", "push", "application/vnd.oci.image.index.v1+json", "skills/web", "2.0.0", D),
                event("e6", "push", "application/vnd.docker.distribution.manifest.v2+json", "skills/echo", "1.0.2", "sha256:nothex")));
        List<RegistryNotifications.Event> events = RegistryNotifications.parse(body);
        assertThat(events).extracting(RegistryNotifications.Event::id).containsExactly("e1", "e5");
        assertThat(events.get(0).push().repository()).isEqualTo("skills/echo");
        assertThat(events.get(0).push().tag()).isEqualTo("1.0.1");
        assertThat(events.get(0).push().digest().value()).isEqualTo(D);
    }

    @Test
    void garbageIsOneClearError() {
        assertThatThrownBy(() -> RegistryNotifications.parse("not json".getBytes())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RegistryNotifications.parse("{\"x\":1}".getBytes())).hasMessageContaining("\"events\"");
        String many = String.join(",", java.util.Collections.nCopies(RegistryNotifications.MAX_EVENTS + 1, "{}"));
        assertThatThrownBy(() -> RegistryNotifications.parse(envelope(many))).hasMessageContaining("too many events");
    }

    @Test
    void thePollerPicksTheNewestVersionThePolicyTakesElseTheNewestOfAll() {
        List<String> tags = List.of("latest", "staging", "1.0.0", "1.0.5", "1.0.5_git.abc1234", "1.1.0", "2.0.0-rc.1");
        assertThat(RegistryPoller.newest(tags, FollowPolicy.PATCH, Optional.of(Version.parse("1.0.0")))).contains("1.0.5_git.abc1234");
        assertThat(RegistryPoller.newest(tags, FollowPolicy.MINOR, Optional.of(Version.parse("1.0.0")))).contains("1.1.0");
        assertThat(RegistryPoller.newest(tags, FollowPolicy.PATCH, Optional.of(Version.parse("1.0.5")))).contains("1.1.0");
        assertThat(RegistryPoller.newest(List.of("latest"), FollowPolicy.ALL, Optional.empty())).isEmpty();
    }

    @Test
    void freezeTimesAreUtcAndBounded() {
        var now = java.time.Instant.parse("2026-11-28T10:00:00Z");
        assertThat(GuardCommands.time("18:00", now)).isEqualTo(java.time.Instant.parse("2026-11-28T18:00:00Z"));
        assertThat(GuardCommands.time("09:00", now)).isEqualTo(java.time.Instant.parse("2026-11-29T09:00:00Z"));
        assertThat(GuardCommands.time("2026-12-01T09:00Z", now)).isEqualTo(java.time.Instant.parse("2026-12-01T09:00:00Z"));
        assertThatThrownBy(() -> GuardCommands.time("2027-12-01T09:00Z", now)).hasMessageContaining("next");
        assertThatThrownBy(() -> GuardCommands.time("tomorrow", now)).hasMessageContaining("not a time");
    }
}
