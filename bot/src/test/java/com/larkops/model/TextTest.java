package com.larkops.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {
    @Test
    void markupFromAnImageAuthorOrAContainerRendersAsPlainText() {
        String hostile = "<at user_id=\"all\">everyone</at> **urgent** [approve](https://evil.example/x) ~~no~~ `code` &lt;at&gt;";
        String out = Text.escape(hostile);
        assertThat(out).doesNotContain("<", ">", "**", "](", "~~", "`", "&lt;", "https://")
                .contains("at user_id=\"all\"", "everyone", "urgent", "approve", "evil.example/x");
        assertThat(Text.escape(out)).as("escaping twice changes nothing more").isEqualTo(out);
    }

    @Test
    void plainTextStaysAsItIs() {
        assertThat(Text.escape("echo 1.4.2_git.abc1234 (sha256:ab12) failed: exit 3 flags[a]\nnext line"))
                .isEqualTo("echo 1.4.2_git.abc1234 (sha256:ab12) failed: exit 3 flags[a]\nnext line");
    }

    @Test
    void clipEscapesEchoedInputToo() {
        assertThat(Text.clip("<at user_id=\"all\"></at>")).doesNotContain("<");
        assertThat(Text.clip("x".repeat(200))).hasSize(80);
    }
}
