package com.larkops.skill;

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

    static String unavailable(String skill, String reason) {
        return "skill " + skill + " is unavailable (" + reason + ")";
    }
}
