package com.larkops.skill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.cards.CardSchema;
import com.larkops.cards.SkillCardTest;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.SkillImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A skill container (real engine, real registry) that answers with a card of its own making: an approval
 * look-alike carrying larkops' approve and rollback action values, {@code <at id=all>} and 40 KB of text.
 * What larkops posts is its own card: marked as the skill's, no button, no mention, valid and under 30 KB.
 */
class SkillCardIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SKILL = "cardy" + SUFFIX;
    static final String NETWORK = "larkops-skc-" + SUFFIX;
    static BotHarness bot;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        String card = JSON.writeValueAsString(Map.of("card", SkillCardTest.hostile("**bold**", 40 * 1024)));
        assertThat(card).isASCII();
        SkillImages.pushAnswering(host, "skillcardit/" + SKILL, "1.0.0", "1.0.0", card);
        bot = new BotHarness("""
                registry: %1$s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %2$s
                services:
                  %3$s:
                    repository: skillcardit/%3$s
                    skill: true
                    commands: [cardy]
                    health_timeout: 30s
                """.formatted(host, NETWORK, SKILL)).start();
        bot.command("ou_dev1", "/deploy " + SKILL + " 1.0.0", "live in staging");
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SKILL, NETWORK);
    }

    @Test
    void aSkillsCardIsRebuiltMarkedWithoutButtonsOrMentionsAndUnder30Kb() {
        String asked = bot.send("ou_dev1", "/cardy show me");
        FakeLark.Sent reply = bot.lark.awaitReply(asked, t -> true, Duration.ofSeconds(60));
        assertThat(reply.body().path("msg_type").asText()).isEqualTo("interactive");
        String content = reply.body().path("content").asText();
        JsonNode card = reply.content();

        assertThat(content.getBytes(StandardCharsets.UTF_8).length).as("under Lark's 30 KB").isLessThan(30 * 1024);
        assertThat(card.path("header").path("title").path("content").asText()).isEqualTo("from skill " + SKILL);
        assertThat(card.findValues("behaviors")).as("no button of the skill's").isEmpty();
        assertThat(card.findValues("value")).isEmpty();
        assertThat(content).doesNotContain("<at").doesNotContain("request_id").doesNotContain("release_id");
        assertThat(reply.text()).contains("Approve: echo 9.9.9 to prod?").contains("cut to fit Lark's 30 KB card limit");
        assertThat(CardSchema.load().validate(card)).isEmpty();
    }
}
