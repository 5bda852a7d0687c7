package com.larkops.pipeline;

import com.larkops.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each registry's documented push payload read into the same hints a Distribution notification gives. */
class PushWebhookTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);

    /** Harbor's documented PUSH_ARTIFACT example, with our repository and two artifacts. */
    static String harbor(String type, String repo, String tag, String digest) {
        return """
                {"type":"%s","occur_at":1586922308,"operator":"admin",
                 "event_data":{"resources":[{"digest":"%s","tag":"%s","resource_url":"hub.example/%s:%s"},
                                            {"digest":"%s","tag":"1.0.1","resource_url":"hub.example/%s:1.0.1"}],
                  "repository":{"date_created":1586922308,"name":"echo","namespace":"skills","repo_full_name":"%s","repo_type":"private"}}}
                """.formatted(type, digest, tag, repo, tag, D2, repo, repo);
    }

    static String acr(String repoFullName, String tag, String digest) {
        return """
                {"push_data":{"digest":"%s","pushed_at":"2016-11-29 12:25:46","tag":"%s"},
                 "repository":{"date_created":"2016-10-28 21:31:42","name":"echo","namespace":"skills","region":"cn-hangzhou",
                  "repo_authentication_type":"NO_CERTIFIED","repo_full_name":"%s","repo_origin_type":"NO_CERTIFIED","repo_type":"PUBLIC"}}
                """.formatted(digest, tag, repoFullName);
    }

    static List<RegistryNotifications.Event> parse(PushWebhook kind, String body) {
        return kind.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void harborPushArtifactGivesOnePushPerResource() {
        List<RegistryNotifications.Event> events = parse(PushWebhook.HARBOR, harbor("PUSH_ARTIFACT", "skills/echo", "1.0.0", D1));
        assertThat(events).extracting(e -> e.push().repository() + ":" + e.push().tag() + "@" + e.push().digest().value() + " " + e.push().source())
                .containsExactly("skills/echo:1.0.0@" + D1 + " harbor", "skills/echo:1.0.1@" + D2 + " harbor");
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
        assertThat(parse(PushWebhook.HARBOR, harbor("PUSH_ARTIFACT", "skills/echo", "1.0.0", D1)).get(0).id())
                .as("a retried delivery has the same dedup key").isEqualTo(events.get(0).id());
    }

    @Test
    void harborEventsOtherThanPushAreSkipped() {
        assertThat(parse(PushWebhook.HARBOR, harbor("PULL_ARTIFACT", "skills/echo", "1.0.0", D1))).isEmpty();
        assertThat(parse(PushWebhook.HARBOR, harbor("DELETE_ARTIFACT", "skills/echo", "1.0.0", D1))).isEmpty();
    }

    @Test
    void tcrPushImageIsReadInTheHarborShape() {
        assertThat(parse(PushWebhook.TCR, harbor("pushImage", "skills/echo", "1.0.0", D1)))
                .extracting(e -> e.push().tag() + " " + e.push().source()).containsExactly("1.0.0 tcr", "1.0.1 tcr");
        assertThat(parse(PushWebhook.TCR, harbor("deleteImage", "skills/echo", "1.0.0", D1))).isEmpty();
    }

    @Test
    void acrTriggerGivesItsPush() {
        List<RegistryNotifications.Event> events = parse(PushWebhook.ACR, acr("skills/echo", "1.0.0", D1));
        assertThat(events).extracting(e -> e.push().repository() + ":" + e.push().tag() + "@" + e.push().digest().value() + " " + e.push().source())
                .containsExactly("skills/echo:1.0.0@" + D1 + " acr");
        assertThat(parse(PushWebhook.ACR, acr("", "1.0.0", D1))).extracting(e -> e.push().repository())
                .as("namespace/name when repo_full_name is missing").containsExactly("skills/echo");
    }

    @Test
    void aPushWithoutAWellFormedDigestOrTagIsSkipped() {
        assertThat(parse(PushWebhook.ACR, acr("skills/echo", "1.0.0", "sha256:nothex"))).isEmpty();
        assertThat(parse(PushWebhook.ACR, acr("skills/echo", "", D1))).isEmpty();
        assertThat(parse(PushWebhook.HARBOR, harbor("PUSH_ARTIFACT", "", "1.0.0", D1))).isEmpty();
    }

    @Test
    void whatIsNotThePayloadIsOneClearLine() {
        assertThatThrownBy(() -> parse(PushWebhook.HARBOR, "not json")).isInstanceOf(InvalidInputException.class)
                .hasMessage("not a Harbor push payload: the body is not JSON");
        assertThatThrownBy(() -> parse(PushWebhook.ACR, "{\"events\":[]}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("push_data");
        assertThatThrownBy(() -> parse(PushWebhook.TCR, "[1]")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void eachHasItsPathAndTokenVariable() {
        assertThat(PushWebhook.HARBOR.path()).isEqualTo("/registry/events/harbor");
        assertThat(PushWebhook.TCR.tokenVariable()).isEqualTo("LARKOPS_TCR_EVENTS_TOKEN");
        assertThat(PushWebhook.ACR.path()).isEqualTo("/registry/events/acr");
    }
}
