package com.larkops.skill.kit;

import java.util.Map;
import java.util.Objects;

/** A reply: plain text, or a Lark interactive card (its JSON as a map). Exactly one of the two. */
public record SkillReply(String text, Map<String, Object> card) {
    public SkillReply {
        if ((text == null) == (card == null)) {
            throw new IllegalArgumentException("a reply is either text or a card");
        }
    }

    public static SkillReply text(String text) {
        return new SkillReply(Objects.requireNonNull(text, "text"), null);
    }

    public static SkillReply card(Map<String, Object> card) {
        return new SkillReply(null, Map.copyOf(card));
    }

    /** The JSON body of the answer to {@code POST /invoke}. */
    Map<String, Object> toJson() {
        return text != null ? Map.of("text", text) : Map.of("card", card);
    }
}
