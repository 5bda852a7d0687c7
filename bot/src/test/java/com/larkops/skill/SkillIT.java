package com.larkops.skill;

import com.larkops.testing.BotHarness;
import com.larkops.testing.SkillImages;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Skills as containers, driven through signed Lark events against the real engine and registry: skill
 * words routed and answered, slow / crashing / stopped skills answered "unavailable", flags in the invoke
 * payload, a 50% canary with a deterministic user spread, its counts in /status, abort, restart, promote. Each
 * test has a bot and skills of its own and deploys what it starts from; the images are built once.
 */
class SkillIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String NETWORK = "larkops-skillit-" + SUFFIX;
    static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    static String v1;
    static String v2;
    /** This test's skills and bot. */
    String echo;
    String slow;
    String crash;
    String down;
    BotHarness bot;
    // users on each side of the 50% split of this test's echo skill, found with the same hash the bot uses
    String onCanary;
    String onLive;

    @BeforeAll
    static void images() {
        String host = TestRegistry.get().host();
        v1 = SkillImages.push(host, "skillit/echo" + SUFFIX, "1.0.0", "1.0.0", SkillImages.Kind.ECHO);
        v2 = SkillImages.push(host, "skillit/echo" + SUFFIX, "2.0.0", "2.0.0", SkillImages.Kind.ECHO);
        SkillImages.push(host, "skillit/slow" + SUFFIX, "1.0.0", "1.0.0", SkillImages.Kind.SLOW);
        SkillImages.push(host, "skillit/crash" + SUFFIX, "1.0.0", "1.0.0", SkillImages.Kind.CRASHING);
    }

    @BeforeEach
    void botWithSkillsOfItsOwn() {
        String host = TestRegistry.get().host();
        int n = TESTS.incrementAndGet();
        echo = "echo" + SUFFIX + "-" + n;
        slow = "slow" + SUFFIX + "-" + n;
        crash = "crash" + SUFFIX + "-" + n;
        down = "down" + SUFFIX + "-" + n;
        for (String t : List.of("1.0.0", "2.0.0")) {
            TestImages.copy(host, "skillit/echo" + SUFFIX, t, "skillit/" + echo);
        }
        TestImages.copy(host, "skillit/slow" + SUFFIX, "1.0.0", "skillit/" + slow);
        TestImages.copy(host, "skillit/crash" + SUFFIX, "1.0.0", "skillit/" + crash);
        TestImages.copy(host, "skillit/echo" + SUFFIX, "1.0.0", "skillit/" + down);
        onCanary = IntStream.range(0, 1000).mapToObj(i -> "ou_c" + i).filter(u -> Buckets.toCanary(echo, u, 50)).findFirst().orElseThrow();
        onLive = IntStream.range(0, 1000).mapToObj(i -> "ou_l" + i).filter(u -> !Buckets.toCanary(echo, u, 50)).findFirst().orElseThrow();
        bot = new BotHarness("""
                registry: %1$s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %2$s
                services:
                  %3$s:
                    repository: skillit/%3$s
                    skill: true
                    commands: [echo]
                    soak: 1s
                    health_timeout: 30s
                  %4$s:
                    repository: skillit/%4$s
                    skill: true
                    commands: [slow]
                    timeout: 3s
                    health_timeout: 30s
                  %5$s:
                    repository: skillit/%5$s
                    skill: true
                    commands: [crash]
                    health_timeout: 30s
                  %6$s:
                    repository: skillit/%6$s
                    skill: true
                    commands: [down]
                    health_timeout: 30s
                """.formatted(host, NETWORK, echo, slow, crash, down)).start();
    }

    @AfterEach
    void tearDown() {
        if (bot != null) {
            bot.close();
        }
        for (String service : List.of(echo, slow, crash, down)) {
            DockerCli.removeService(service, null);
        }
    }

    @AfterAll
    static void removeNetwork() {
        DockerCli.removeService("-", NETWORK);
    }

    /** Deploys each skill's 1.0.0 to staging. */
    void deployed(String... skills) {
        for (String skill : skills) {
            bot.command("ou_dev1", "/deploy " + skill + " 1.0.0", "live in staging");
        }
    }

    /** This test's echo skill at 1.0.0 with a canary of 2.0.0 for half the users. */
    void halfCanary() {
        deployed(echo);
        bot.command("ou_dev1", "/canary " + echo + " 2.0.0 50%", "takes 50%");
    }

    /** Stops this test's down skill's containers behind the bot's back. */
    void stopDown() {
        for (String id : docker("ps", "-q", "--filter", "label=larkops.service=" + down).split("\\s+")) {
            if (!id.isBlank()) {
                docker("stop", id);
            }
        }
    }

    @Test
    void skillWordsAreRoutedToTheSkillsContainerAndAnswered() {
        for (String s : List.of(echo, slow, crash, down)) {
            bot.command("ou_dev1", "/deploy " + s + " 1.0.0", "live in staging");
        }
        assertThat(bot.command("ou_reader", "/echo hello", "says")).isEqualTo("1.0.0 says hello flags[]");
        assertThat(bot.command("ou_reader", "/skill " + echo + " hi there", "says")).isEqualTo("1.0.0 says hi there flags[]");
        assertThat(bot.command("ou_reader", "/skill echo by word", "says")).isEqualTo("1.0.0 says by word flags[]");
    }

    @Test
    void aSlowSkillIsCutOffAtItsTimeoutWhileOtherCommandsAreAnswered() {
        deployed(echo, slow);
        long start = System.nanoTime();
        String slowId = bot.send("ou_reader", "/slow take your time");
        String echoId = bot.send("ou_reader", "/echo meanwhile");
        String echoed = bot.lark.awaitReply(echoId, t -> t.contains("says"), Duration.ofSeconds(60)).text();
        long echoMs = (System.nanoTime() - start) / 1_000_000;
        String slowReply = bot.lark.awaitReply(slowId, t -> t.contains("unavailable"), Duration.ofSeconds(60)).text();
        long slowMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("slow skill: echo answered after %d ms, slow skill cut off after %d ms (timeout 3 s)%n", echoMs, slowMs);
        assertThat(echoed).isEqualTo("1.0.0 says meanwhile flags[]");
        assertThat(slowReply).isEqualTo("skill " + slow + " is unavailable (timeout 3 s)");
    }

    @Test
    void aCrashingSkillGetsAClearReply() {
        deployed(echo, crash);
        assertThat(bot.command("ou_reader", "/crash now", "unavailable"))
                .startsWith("skill " + crash + " is unavailable (");
        assertThat(bot.command("ou_reader", "/echo still fine", "says")).contains("still fine");
    }

    @Test
    void aStoppedSkillGetsAClearReply() {
        deployed(down);
        stopDown();
        assertThat(bot.command("ou_reader", "/down anyone?", "unavailable"))
                .startsWith("skill " + down + " is unavailable (not running");
    }

    @Test
    void flagsReachTheSkillsInvokePayload() {
        deployed(echo);
        assertThat(bot.command("ou_reader", "/flag fast on", "needs the deployer role")).isNotBlank();
        bot.command("ou_dev1", "/flag fast on", "is now on");
        assertThat(bot.command("ou_reader", "/echo f", "says")).isEqualTo("1.0.0 says f flags[fast:true]");
        bot.command("ou_dev1", "/flag fast off", "is now off");
        assertThat(bot.command("ou_reader", "/echo f", "says")).isEqualTo("1.0.0 says f flags[fast:false]");
        bot.command("ou_dev1", "/flag fast 50%", "is now 50%");
        String in = IntStream.range(0, 1000).mapToObj(i -> "ou_f" + i).filter(u -> FlagRule.parse("50%").enabledFor("fast", u))
                .findFirst().orElseThrow();
        String out = IntStream.range(0, 1000).mapToObj(i -> "ou_f" + i).filter(u -> !FlagRule.parse("50%").enabledFor("fast", u))
                .findFirst().orElseThrow();
        assertThat(bot.command(in, "/echo f", "says")).isEqualTo("1.0.0 says f flags[fast:true]");
        assertThat(bot.command(out, "/echo f", "says")).isEqualTo("1.0.0 says f flags[fast:false]");
        assertThat(bot.command("ou_reader", "/flag", "flag(s)")).contains("fast: 50% (set by <at user_id=\"ou_dev1\"></at>");
        bot.command("ou_dev1", "/flag fast off", "is now off");
    }

    @Test
    void aHalfCanarySplitsUsersDeterministicallyAndStatusCountsEachVersion() {
        deployed(echo, slow, down);
        stopDown();
        String started = bot.command("ou_dev1", "/canary " + echo + " 2.0.0 50%", "takes 50%");
        assertThat(started).contains("beside 1.0.0");
        String canary = docker("ps", "-q", "--filter", "label=larkops.service=" + echo, "--filter", "label=larkops.canary=true").strip();
        assertThat(canary).isNotEmpty();
        assertThat(label(canary, "larkops.digest")).isEqualTo(v2);
        assertThat(label(canary, "larkops.canary-weight")).isEqualTo("50");
        for (int i = 0; i < 2; i++) {
            assertThat(bot.command(onCanary, "/echo c" + i, "says")).startsWith("2.0.0 says c" + i);
            assertThat(bot.command(onLive, "/echo l" + i, "says")).startsWith("1.0.0 says l" + i);
        }
        String status = bot.command("ou_reader", "/status", "skills (");
        assertThat(status).contains(echo + " staging 2.0.0 (" + v2.substring(0, 19) + ") canary 50% [/echo]: 2 requests, 0 errors");
        assertThat(status).containsPattern(echo + " staging 1\\.0\\.0 \\(" + v1.substring(0, 19) + "\\) live \\[/echo]: \\d+ requests, 0 errors");
        assertThat(status).contains(slow + " staging 1.0.0").contains(down + " [/down]: not running");
        assertThat(status.lines().filter(l -> l.startsWith("| " + echo + " | staging |")).findFirst().orElseThrow()).doesNotContain("DRIFT");
        assertThat(bot.command("ou_reader", "/canary", "canary(ies)")).contains(echo + " staging 2.0.0");
    }

    @Test
    void theCanarySurvivesABotRestartBecauseTheEngineKeepsIt() {
        halfCanary();
        bot.stopBot();
        bot.start();
        assertThat(bot.command(onCanary, "/echo again", "says")).startsWith("2.0.0 says again");
        assertThat(bot.command(onLive, "/echo again", "says")).startsWith("1.0.0 says again");
    }

    @Test
    void abortRemovesTheCanaryAndTheLiveVersionTakesEveryone() {
        halfCanary();
        assertThat(bot.command("ou_reader", "/canary " + echo + " abort", "needs the deployer role")).isNotBlank();
        bot.command("ou_dev1", "/canary " + echo + " abort", "aborted");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.canary=true", "--filter", "label=larkops.service=" + echo).strip()).isEmpty();
        assertThat(bot.command(onCanary, "/echo back", "says")).startsWith("1.0.0 says back");
    }

    @Test
    void promoteDeploysTheCanaryDigestTheNormalWayAndRemovesTheCanary() {
        deployed(echo);
        bot.command("ou_dev1", "/canary " + echo + " 2.0.0 50%", "takes 50%");
        String reply = bot.command("ou_dev1", "/canary " + echo + " promote", "canary container removed");
        assertThat(reply).contains("live in staging");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.canary=true", "--filter", "label=larkops.service=" + echo).strip()).isEmpty();
        String live = docker("ps", "-q", "--filter", "label=larkops.service=" + echo).strip();
        assertThat(live.lines().count()).isEqualTo(1);
        assertThat(label(live, "larkops.digest")).isEqualTo(v2);
        assertThat(bot.command(onLive, "/echo promoted", "says")).startsWith("2.0.0 says promoted");
        assertThat(bot.command("ou_reader", "/history " + echo, "release(s)")).contains("| deploy | 2.0.0 |");
    }

    @Test
    void canaryBadInputChangesNothing() {
        bot.command("ou_dev1", "/deploy " + echo + " 2.0.0", "live in staging");
        assertThat(bot.command("ou_dev1", "/canary " + echo + " 2.0.0 50%", "already runs")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/canary " + echo + " 1.0.0 150%", "1-99%")).contains("usage:");
        assertThat(bot.command("ou_dev1", "/canary " + echo + " promote", "no canary")).isNotBlank();
        assertThat(bot.command("ou_dev1", "/canary nosuch 1.0.0 10%", "unknown service")).isNotBlank();
        // a freeze stops a canary as it stops a deploy
        bot.command("ou_lead", "/freeze " + echo + " staging for 1h skill maintenance", "frozen:");
        assertThat(bot.command("ou_dev1", "/canary " + echo + " 1.0.0 50%", "skill maintenance")).contains("/unfreeze");
        bot.command("ou_lead", "/unfreeze " + echo + " staging", "lifted 1 freeze");
        assertThat(docker("ps", "-aq", "--filter", "label=larkops.canary=true", "--filter", "label=larkops.service=" + echo).strip()).isEmpty();
    }

    // --- helpers ---




}
