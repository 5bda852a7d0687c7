package com.larkops.pipeline;

import com.larkops.config.FollowPolicy;
import com.larkops.i18n.Language;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.model.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pipeline says reads in each language, with the values (digests, mentions, reasons) untouched. */
class PipelineLanguagesTest {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aHeldStagingIsSaidInEachLanguageWithItsValuesAsTheyAre() {
        Hold hold = new Hold(new ServiceName("echo"), Env.STAGING, DIGEST, "ou_lead", NOW.minusSeconds(600), "rolled back");
        FollowDecision.Verdict v = FollowDecision.decide(FollowPolicy.PATCH, "1.4.3",
                new FollowDecision.Staging(Optional.of(Version.parse("1.4.2")), false, false, Optional.of(hold), Optional.empty()), NOW);

        String mention = com.larkops.model.Text.mention("ou_lead");
        assertThat(v.why().in(Language.EN_US)).isEqualTo(v.reason()).startsWith("staging is held at sha256:aaaaaaaaaaaa by " + mention);
        for (Language l : new Language[] {Language.ZH_CN, Language.JA_JP}) {
            assertThat(v.why().in(l)).as(l.key()).contains("sha256:aaaaaaaaaaaa").contains(mention).contains("10m").contains("rolled back")
                    .contains("/release").doesNotContain("held").doesNotContain("since");
        }
        assertThat(v.why().in(Language.ZH_CN)).contains("保持");
        assertThat(v.why().in(Language.JA_JP)).contains("保留");
    }

    @Test
    void aFreezeScopeReadsInEachLanguage() {
        Freeze all = new Freeze(1, Optional.empty(), Optional.empty(), "ou_lead", NOW, Optional.empty(), "release week");
        Freeze one = new Freeze(2, Optional.of(new ServiceName("echo")), Optional.of(Env.PROD), "ou_lead", NOW, Optional.empty(), "db");
        assertThat(all.scope().in(Language.EN_US)).isEqualTo("all services (staging and prod)");
        assertThat(all.scope().in(Language.ZH_CN)).isEqualTo("所有服务（staging 和 prod）");
        assertThat(all.scope().in(Language.JA_JP)).isEqualTo("全サービス（staging と prod）");
        assertThat(one.scope().in(Language.ZH_CN)).isEqualTo("echo prod");
        assertThat(GuardTexts.frozen(all).in(Language.ZH_CN)).contains("release week").contains("冻结");
    }
}
