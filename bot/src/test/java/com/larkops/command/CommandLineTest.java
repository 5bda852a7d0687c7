package com.larkops.command;

import com.larkops.model.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void mentionIsStrippedAndWordsSplit() {
        Command c = CommandLine.parse("@_user_1 /deploy echo 1.4.2 prod");
        assertThat(c.name()).isEqualTo("deploy");
        assertThat(c.args()).containsExactly("echo", "1.4.2", "prod");
        assertThat(c.flags()).isEmpty();
        assertThat(c.text()).isEqualTo("/deploy echo 1.4.2 prod");
    }

    @Test
    void severalMentionsQuotesAndFlags() {
        Command c = CommandLine.parse("  @_user_1 @_user_2   /Prune  \"my svc\" 'a b' --apply --DRY ");
        assertThat(c.name()).isEqualTo("prune");
        assertThat(c.args()).containsExactly("my svc", "a b");
        assertThat(c.flags()).isEqualTo(Set.of("apply", "dry"));
        assertThat(c.hasFlag("apply")).isTrue();
    }

    @Test
    void chineseInputMethodQuotesGroupToo() {
        assertThat(CommandLine.parse("/echo \u201chello world\u201d").args()).isEqualTo(List.of("hello world"));
    }

    @Test
    void chineseAliasesAreTheEnglishCommands() {
        Command c = CommandLine.parse("@_user_1 /部署 echo 1.4.2 prod");
        assertThat(c.name()).isEqualTo("deploy");
        assertThat(c.args()).containsExactly("echo", "1.4.2", "prod");
        assertThat(c.text()).isEqualTo("/deploy echo 1.4.2 prod");
        assertThat(CommandLine.parse("/回滚 echo").name()).isEqualTo("rollback");
        assertThat(CommandLine.parse("/摘要").name()).isEqualTo("digest");
        assertThat(CommandLine.parse("\uff0f状态").name()).isEqualTo("status");
        assertThat(CommandLine.isCommand("\uff0f帮助")).isTrue();
    }

    @Test
    void anUnknownChineseWordIsNotACommand() {
        assertThatThrownBy(() -> CommandLine.parse("/部署了 echo"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a command");
    }

    @Test
    void emptyQuotedArgumentIsKept() {
        assertThat(CommandLine.parse("/echo \"\" x").args()).containsExactly("", "x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty command",
            "'   '|empty command",
            "hello|commands start with '/'",
            "@_user_1 hi there|commands start with '/'",
            "/|is not a command",
            "/9lives|is not a command",
            "/de;ploy x|is not a command",
            "/deploy \"echo|unterminated quote"})
    void badLinesAreRefusedWithAHint(String line, String message) {
        assertThatThrownBy(() -> CommandLine.parse(line)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    @Test
    void overlongInputIsRefused() {
        assertThatThrownBy(() -> CommandLine.parse("/echo " + "x".repeat(3000))).hasMessageContaining("too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/help", "@_user_1 /digest all", " /status"})
    void recognisesCommands(String text) {
        assertThat(CommandLine.isCommand(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "@_user_1 thanks", ""})
    void chatterIsNotACommand(String text) {
        assertThat(CommandLine.isCommand(text)).isFalse();
    }
}
