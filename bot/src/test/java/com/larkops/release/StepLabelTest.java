package com.larkops.release;

import com.larkops.i18n.Language;
import com.larkops.model.Digest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A step's card label says in English exactly what {@code describe()} prints (audit, logs, ITs), and differs in Chinese. */
class StepLabelTest {
    static final Digest D = Digest.parse("sha256:" + "ab".repeat(32));

    @Test
    void theEnglishLabelIsTheDescriptionAndTheChineseOneIsTranslated() {
        List<Step> steps = List.of(new Step.Pull("reg/echo@" + D.value()),
                new Step.Create("echo-staging-7", "reg/echo@" + D.value(), Map.of(), "net", null, null, null, List.of()),
                new Step.Create("echo-staging-7", "reg/echo@" + D.value(), Map.of(), "net", "/etc/echo.env", null, null, List.of()),
                new Step.Detach("echo-staging-6", "net"), new Step.Start("echo-staging-7"),
                new Step.AwaitHealthy("echo-staging-7", 8080, "/healthz", Duration.ofSeconds(30), "net"),
                new Step.Route("echo-staging-7", "net", List.of("echo", "echo-staging")),
                new Step.Retire("echo-staging-6", Duration.ofSeconds(10)),
                new Step.RetireLater("larkops-1", Duration.ofSeconds(10), Duration.ofSeconds(1)),
                new Step.MoveTag("skills/echo", D, "staging"), new Step.RemoveImage(List.of("reg/echo:1.0.0"), null));
        for (Step step : steps) {
            assertThat(step.label().in(Language.EN_US)).isEqualTo(step.describe());
            assertThat(step.label().in(Language.ZH_CN)).as(step.describe()).isNotEqualTo(step.describe());
        }
    }
}
