package com.larkops.app;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.LarkEventFactory;
import com.larkops.testing.SkillImages;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a self-deploy relies on, tested for real: a bot that is stopped finishes the commands it already
 * took (graceful drain) and still replies; two bots on one data dir (old and new during the switch) act on
 * a re-delivered event exactly once. The full container switch is not run here (see docs/SELF-DEPLOY.md).
 */
class SelfDeployIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SKILL = "delayed" + SUFFIX;
    static final String NETWORK = "larkops-selfit-" + SUFFIX;
    static String config;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        SkillImages.push(host, "selfit/" + SKILL, "1.0.0", "1.0.0", SkillImages.Kind.DELAYED);
        config = """
                registry: %1$s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                network: %2$s
                services:
                  %3$s:
                    repository: selfit/%3$s
                    skill: true
                    commands: [later]
                    timeout: 20s
                    health_timeout: 30s
                """.formatted(host, NETWORK, SKILL);
    }

    @AfterAll
    static void tearDown() {
        DockerCli.removeService(SKILL, NETWORK);
    }

    @Test
    void aCommandInFlightWhenTheBotIsStoppedStillGetsItsReply() {
        try (BotHarness bot = new BotHarness(config).start()) {
            assertThat(bot.say("oc_ops", "ou_dev1", "om_d1_" + SUFFIX, "/deploy " + SKILL + " 1.0.0").statusCode()).isEqualTo(200);
            bot.lark.awaitReply("om_d1_" + SUFFIX, t -> t.contains("live in staging"), Duration.ofSeconds(90));
            String inFlight = "om_d2_" + SUFFIX;
            assertThat(bot.say("oc_ops", "ou_x", inFlight, "/later drain me").statusCode()).isEqualTo(200);
            long start = System.nanoTime();
            bot.stopBot(); // what SIGTERM does: stop taking events, finish what was taken
            System.out.printf("drain: stop took %d ms with a 3 s skill call in flight%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(bot.lark.repliesTo(inFlight)).extracting(s -> s.text()).contains("1.0.0 says drain me flags[]");
        }
    }

    @Test
    void twoBotsOnOneDataDirActOnAReDeliveredEventOnce() {
        try (BotHarness first = new BotHarness(config).start();
             BotHarness second = new BotHarness(config, first.dataDir).start()) {
            String messageId = "om_dup_" + SUFFIX;
            LarkEventFactory.Delivery d = first.events.deliver(first.events.message("ev_dup_" + SUFFIX, messageId, "oc_ops",
                    "ou_dev1", "/flag"));
            assertThat(first.post(d).statusCode()).isEqualTo(200);
            assertThat(second.post(d).statusCode()).isEqualTo(200); // a duplicate is acknowledged, not acted on
            first.lark.awaitReply(messageId, t -> t.contains("flag"), Duration.ofSeconds(30));
            first.stopBot();
            second.stopBot(); // drained: anything the second one had taken is answered by now
            assertThat(first.lark.repliesTo(messageId)).hasSize(1);
            assertThat(second.lark.repliesTo(messageId)).isEmpty();
        }
    }
}
