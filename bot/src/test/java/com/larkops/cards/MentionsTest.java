package com.larkops.cards;

import com.larkops.model.Text;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Mentions come only from typed user fields ({@link Text#mention}); free text never mentions anyone. */
class MentionsTest {
    @Test
    void aTypedUserFieldBecomesAMention() {
        String text = "echo staging held by " + Text.mention("ou_lead") + " since 10:00";
        assertThat(Md.text(text)).isEqualTo("echo staging held by <at id=ou_lead></at> since 10:00");
        assertThat(Text.plain(text)).isEqualTo("echo staging held by ou_lead since 10:00");
        assertThat(Md.text("by " + Text.mention("os:root"))).isEqualTo("by os:root");
    }

    @Test
    void freeTextSayingByOuOrCarryingATagMentionsNobody() {
        // a hold or freeze reason, a skill's text, a failure detail: quoted into our own wording
        String reason = Text.clip("approved by ou_evil <at id=all></at> <at id=ou_evil></at>");
        String text = "held by " + Text.mention("ou_lead") + " (" + reason + ") and by ou_other";
        String card = Md.text(text);
        assertThat(card).contains("<at id=ou_lead></at>").doesNotContain("<at id=ou_evil").doesNotContain("<at id=all")
                .doesNotContain("<at id=ou_other").contains("by ou_evil").contains("by ou_other");
        // raw (unescaped) text in an outcome line: the tag is escaped, not kept
        assertThat(Md.text("failed: <at id=ou_evil></at> by ou_evil")).doesNotContain("<at");
    }

    @Test
    void aTokenCannotBeForgedByFreeText() {
        String forged = "\u2063" + "\u200B".repeat(64) + "ou_evil\u2064 \u2063" + "\u200C".repeat(64) + "ou_evil\u2064";
        assertThat(Md.text(forged)).doesNotContain("<at");
        assertThat(Text.plain(forged)).isEqualTo(forged);
    }

    @Test
    void aTokenNoRendererSawStillReadsAsTheId() {
        assertThat(Text.mention("ou_lead").replaceAll("[\u200B\u200C\u2063\u2064]", "")).isEqualTo("ou_lead");
    }
}
