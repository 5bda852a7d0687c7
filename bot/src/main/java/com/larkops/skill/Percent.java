package com.larkops.skill;

import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;

/** Reads a share written {@code 25%} (the sign is required: a bare number is too easy to misread). */
final class Percent {
    private Percent() {
    }

    static int parse(String text, int min, int max) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[0-9]{1,3}%")) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("pipeline.share.not_a_share", Text.clip(t)));
        }
        int n = Integer.parseInt(t.substring(0, t.length() - 1));
        if (n < min || n > max) {
            throw new InvalidInputException(com.larkops.i18n.Msg.of("pipeline.share.range", min, max, n));
        }
        return n;
    }
}
