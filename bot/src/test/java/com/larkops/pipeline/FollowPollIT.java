package com.larkops.pipeline;

import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback for registries that send no notifications: with {@code follow_poll}, a version pushed to a
 * real registry that notifies nobody still reaches staging, through the same decision code.
 */
class FollowPollIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "poll" + SUFFIX;
    static final String REPO = "followpollit/echo" + SUFFIX;
    static final String NETWORK = "larkops-poll-" + SUFFIX;
    static BotHarness bot;
    static String v1;

    @BeforeAll
    static void setUp() {
        // both pushed before the bot polls at all, so the first round sees them together
        TestImages.push(TestRegistry.get().host(), REPO, "0.9.0", "0.9.0", TestImages.Kind.HEALTHY);
        v1 = TestImages.push(TestRegistry.get().host(), REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                network: %s
                follow_poll: 10s
                services:
                  %s:
                    repository: %s
                    soak: 1s
                    health_timeout: 6s
                    follow: all
                """.formatted(TestRegistry.get().host(), NETWORK, SERVICE, REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void aPushNobodyWasToldAboutReachesStagingByThePoll() {
        bot.lark.awaitPostedCard(t -> t.contains("1.0.0") && t.contains("deploying to staging"),
                t -> t.contains("1.0.0") && t.contains("live in staging"), Duration.ofSeconds(90));
        String running = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(label(running, "larkops.digest")).isEqualTo(v1);
        assertThat(label(running, "larkops.deployed-by")).isEqualTo(Follower.ACTOR);
        // only the newest version was taken: 0.9.0 never ran
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.service=" + SERVICE).strip().lines().count()).isEqualTo(1);
    }
}
