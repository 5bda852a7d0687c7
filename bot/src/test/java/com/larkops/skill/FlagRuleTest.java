package com.larkops.skill;

import com.larkops.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagRuleTest {
    @Test
    void parsesOnOffAndShares() {
        assertThat(FlagRule.parse("on")).isEqualTo(FlagRule.ON);
        assertThat(FlagRule.parse("OFF")).isEqualTo(FlagRule.OFF);
        assertThat(FlagRule.parse("25%").percent()).isEqualTo(25);
        assertThat(FlagRule.parse("100%")).isEqualTo(FlagRule.ON);
        assertThat(FlagRule.parse("25%").toString()).isEqualTo("25%");
        assertThat(FlagRule.ON.toString()).isEqualTo("on");
    }

    @Test
    void refusesWhatIsNotARule() {
        for (String bad : new String[] {"25", "101%", "-1%", "yes", "", "2 5%"}) {
            assertThatThrownBy(() -> FlagRule.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> FlagRule.checkName("Bad Name")).isInstanceOf(InvalidInputException.class);
        assertThat(FlagRule.checkName("fast-path.v2")).isEqualTo("fast-path.v2");
    }

    @Test
    void onAndOffAreForEveryone() {
        assertThat(FlagRule.ON.enabledFor("f", "ou_x")).isTrue();
        assertThat(FlagRule.OFF.enabledFor("f", "ou_x")).isFalse();
    }

    @Test
    void aShareIsStablePerUserAndFollowsTheHash() {
        FlagRule thirty = FlagRule.parse("30%");
        for (int i = 0; i < 50; i++) {
            String user = "ou_" + i;
            boolean expected = Buckets.of(user + "fast") < 30;
            assertThat(thirty.enabledFor("fast", user)).isEqualTo(expected).isEqualTo(thirty.enabledFor("fast", user));
        }
    }

    @Test
    void aShareReachesRoughlyThatShareOfUsers() {
        long on = IntStream.range(0, 10_000).filter(i -> FlagRule.parse("30%").enabledFor("fast", "ou_" + i)).count();
        assertThat(on).isBetween(2_700L, 3_300L);
    }

    @Test
    void raisingTheShareOnlyAddsUsers() {
        for (int i = 0; i < 1000; i++) {
            String user = "ou_" + i;
            if (FlagRule.parse("10%").enabledFor("f", user)) {
                assertThat(FlagRule.parse("40%").enabledFor("f", user)).isTrue();
            }
        }
    }
}
