package com.larkops.skill;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkillClientTest {
    @Test
    void readsTextAndCardAnswers() {
        assertThat(SkillClient.parse("{\"text\":\"hi\"}").text()).isEqualTo("hi");
        var card = SkillClient.parse("{\"card\":{\"header\":{\"title\":\"x\"}}}");
        assertThat(card.card()).isPresent();
        assertThat(card.card().get()).containsKey("header");
    }

    @Test
    void refusesAnswersThatAreNoAnswer() {
        for (String bad : new String[] {"", "nope", "[1]", "{\"txt\":\"hi\"}", "{\"text\":3}"}) {
            assertThatThrownBy(() -> SkillClient.parse(bad)).as(bad).isInstanceOf(SkillUnavailable.class);
        }
        assertThatThrownBy(() -> SkillClient.parse("{\"text\":\"" + "x".repeat(70_000) + "\"}"))
                .isInstanceOf(SkillUnavailable.class).hasMessageContaining("64 KiB");
    }

    @Test
    void timeoutsReadAsPeopleSayThem() {
        assertThat(SkillText.duration(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(SkillText.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(SkillText.duration(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(SkillText.unavailable("echo", "timeout 5 s")).isEqualTo("skill echo is unavailable (timeout 5 s)");
    }

    @Test
    void theTextForTheSkillIsWhatFollowsTheCommandWords() {
        assertThat(SkillRouter.afterWords("/echo hello  \"big\" world", 1)).isEqualTo("hello  \"big\" world");
        assertThat(SkillRouter.afterWords("/skill echo hello", 2)).isEqualTo("hello");
        assertThat(SkillRouter.afterWords("/echo", 1)).isEmpty();
    }
}
