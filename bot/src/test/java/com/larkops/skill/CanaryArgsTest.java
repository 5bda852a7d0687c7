package com.larkops.skill;

import com.larkops.command.UsageException;
import com.larkops.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanaryArgsTest {
    @Test
    void readsEveryForm() {
        assertThat(CanaryArgs.parse(List.of())).isInstanceOf(CanaryArgs.ListAll.class);
        assertThat(CanaryArgs.parse(List.of("echo", "2.0.0", "50%"))).isEqualTo(new CanaryArgs.Start("echo", "2.0.0", 50));
        assertThat(CanaryArgs.parse(List.of("echo", "promote"))).isEqualTo(new CanaryArgs.Promote("echo"));
        assertThat(CanaryArgs.parse(List.of("echo", "abort"))).isEqualTo(new CanaryArgs.Abort("echo"));
        assertThat(CanaryArgs.parse(List.of("echo", "rollback"))).isEqualTo(new CanaryArgs.Abort("echo"));
    }

    @Test
    void refusesSharesOutsideOneToNinetyNine() {
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo", "2.0.0", "0%"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo", "2.0.0", "100%"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo", "2.0.0", "50"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("25%");
    }

    @Test
    void refusesIncompleteForms() {
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo", "2.0.0"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> CanaryArgs.parse(List.of("echo", "2.0.0", "50%", "x"))).isInstanceOf(UsageException.class);
    }
}
