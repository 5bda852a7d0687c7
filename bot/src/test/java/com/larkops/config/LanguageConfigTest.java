package com.larkops.config;

import com.larkops.i18n.Language;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguageConfigTest {
    static final String BASE = "registry: 127.0.0.1:5000\nservices: {}\n";

    @Test
    void englishByDefaultAndAnyOfLarksThreeWhenSet() {
        assertThat(ConfigFile.parse(BASE, "larkops.yaml").language()).isEqualTo(Language.EN_US);
        assertThat(ConfigFile.parse(BASE + "language: zh_cn\n", "larkops.yaml").language()).isEqualTo(Language.ZH_CN);
        assertThat(ConfigFile.parse(BASE + "language: ja_jp\n", "larkops.yaml").language()).isEqualTo(Language.JA_JP);
    }

    @Test
    void anotherLanguageIsOneClearErrorNamingTheAllowedValues() {
        assertThatThrownBy(() -> ConfigFile.parse(BASE + "language: fr_fr\n", "larkops.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("larkops.yaml: language: 'fr_fr' is not a language larkops speaks; expected one of zh_cn, en_us, ja_jp");
    }
}
