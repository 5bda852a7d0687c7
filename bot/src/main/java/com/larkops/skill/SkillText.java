package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Duration;

/** Chat wording shared by the skill classes. */
final class SkillText {
    private SkillText() {
    }

    /** "5 s", "1.5 s", "500 ms": how a timeout reads in "unavailable (timeout 5 s)". */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** English (logs, tests). */
    static String unavailable(String skill, String reason) {
        return unavailable(skill, Text.verbatim(reason)).in(com.larkops.i18n.Language.DEFAULT);
    }

    static Text unavailable(String skill, Text reason) {
        return Msg.of("pipeline.skill.unavailable", skill, reason);
    }

    /** Why a skill could not answer: {@code pipeline.skill.why.<kind>}. */
    static SkillUnavailable because(String kind, Object... args) {
        return new SkillUnavailable(Msg.of("pipeline.skill.why." + kind, args));
    }
}
