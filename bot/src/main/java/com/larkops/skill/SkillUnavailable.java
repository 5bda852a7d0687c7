package com.larkops.skill;

/** A skill did not answer usably; {@code reason} is short and safe for chat ("timeout 5 s", "not running"). */
public final class SkillUnavailable extends RuntimeException {
    private final String reason;

    public SkillUnavailable(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
