package com.larkops.skill;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/** A skill did not answer usably; {@code text} is short and safe for chat ("timeout 5 s", "not running"). */
public final class SkillUnavailable extends RuntimeException {
    private final transient Text text;

    public SkillUnavailable(Text text) {
        super(text.in(Language.DEFAULT));
        this.text = text;
    }

    /** English: logs. */
    public String reason() {
        return getMessage();
    }

    public Text text() {
        return text;
    }

    /** The breaker answered for the skill (no call was made): not another failure to count. */
    public boolean isBreakerOpen() {
        return is("pipeline.skill.why.breaker_open");
    }

    /** The skill's bulkhead was full (no call was made): not another failure to count. */
    public boolean isBusy() {
        return is("pipeline.skill.why.busy");
    }

    private boolean is(String key) {
        return text instanceof com.larkops.i18n.Msg m && m.key().equals(key);
    }
}
