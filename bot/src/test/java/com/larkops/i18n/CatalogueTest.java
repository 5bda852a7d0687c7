package com.larkops.i18n;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueTest {
    @Test
    void everyKeyIsInEveryLanguageWithTheSamePlaceholdersAndNoEmptyText() {
        Set<String> english = Catalogue.keys(Language.EN_US);
        assertThat(english).isNotEmpty();
        for (Language l : Language.values()) {
            assertThat(Catalogue.keys(l)).as("the keys of %s", l.key()).isEqualTo(english);
            for (String key : english) {
                String text = Catalogue.pattern(l, key);
                assertThat(text).as("%s in %s", key, l.key()).isNotBlank();
                assertThat(Catalogue.placeholders(text)).as("the placeholders of %s in %s", key, l.key())
                        .isEqualTo(Catalogue.placeholders(Catalogue.pattern(Language.EN_US, key)));
            }
        }
    }

    @Test
    void placeholdersAreNumberedFromZeroWithoutGaps() {
        for (String key : Catalogue.keys(Language.EN_US)) {
            Set<Integer> used = Catalogue.placeholders(Catalogue.pattern(Language.EN_US, key));
            for (int i = 0; i < used.size(); i++) {
                assertThat(used).as(key).contains(i);
            }
        }
    }

    @Test
    void valuesAreNeverTranslatedAndNestedMessagesAre() {
        Msg m = Msg.of("change.title", Msg.of("change.kind.deploy"), "echo 1.4.2 → prod", Msg.of("change.status.live"));
        assertThat(m.in(Language.EN_US)).isEqualTo("Deploy: echo 1.4.2 → prod — live");
        assertThat(m.in(Language.ZH_CN)).isEqualTo("部署：echo 1.4.2 → prod — 已上线");
        assertThat(m.in(Language.JA_JP)).isEqualTo("デプロイ：echo 1.4.2 → prod — 稼働中");
        assertThat(Msg.of("router.unknown", "{1}x").in(Language.ZH_CN)).as("a value that looks like a placeholder stays as it is")
                .isEqualTo("未知命令 /{1}x；输入 /帮助 查看命令列表");
    }

    @Test
    void languageParsesLarksKeysAndRefusesOthersNamingTheAllowedOnes() {
        assertThat(Language.parse("zh_cn")).isEqualTo(Language.ZH_CN);
        assertThat(Language.parse("ja_jp")).isEqualTo(Language.JA_JP);
        assertThat(Language.parse(null)).isEqualTo(Language.EN_US);
        assertThatThrownBy(() -> Language.parse("zh-CN")).hasMessage("'zh-CN' is not a language larkops speaks; expected one of zh_cn, en_us, ja_jp");
        assertThatThrownBy(() -> Msg.of("no.such.key").in(Language.EN_US)).hasMessageContaining("no message 'no.such.key'");
    }
}
