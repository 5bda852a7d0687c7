package com.larkops.i18n;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTest {
    @Test
    void aStoredTextReadsBackInEveryLanguage() {
        Text t = Msg.of("change.title", Msg.of("change.kind.deploy"), "echo 1.4.2 → prod", Msg.of("change.status.live"));
        Text back = StoredText.decode(StoredText.encode(t));
        for (Language l : Language.values()) {
            assertThat(back.in(l)).isEqualTo(t.in(l));
        }
        assertThat(StoredText.encode(t)).as("English first: the stored value still greps as English")
                .contains("Deploy: echo 1.4.2 → prod — live");
        assertThat(StoredText.english(StoredText.encode(t))).isEqualTo("Deploy: echo 1.4.2 → prod — live");
    }

    @Test
    void aPlainValueStoredBeforeReadsBackAsItIsAndSeparatorsInTextCannotSplitIt() {
        assertThat(StoredText.decode("live in prod in 3.4 s").in(Language.ZH_CN)).isEqualTo("live in prod in 3.4 s");
        assertThat(StoredText.decode(null).in(Language.JA_JP)).isEmpty();
        Text evil = Text.verbatim("a\u001Eja_jp\u001Fb");
        assertThat(StoredText.decode(StoredText.encode(evil)).in(Language.JA_JP)).isEqualTo("a ja_jp b");
    }
}
