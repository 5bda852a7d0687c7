package com.larkops.cards;

import com.larkops.i18n.Text;

import java.util.Map;

/**
 * What a post-step adds at the end of another command's card (the hold lines under /digest, the pipeline timeline
 * under /history, the skills section under /status): one more markdown element, in every language.
 */
public final class Appended {
    private Appended() {
    }

    /** {@code text} (our words, which may quote untrusted values) escaped, mentions kept, at the end of {@code card}. */
    public static Map<String, Object> text(Map<String, Object> card, Text text) {
        return CardJson.appended(card, CardJson.markdown(text.map(Md::text)));
    }

    /** {@code note} (our words, markdown already escaped where it quotes values) as small grey text at the end of {@code card}. */
    public static Map<String, Object> note(Map<String, Object> card, Text note) {
        return CardJson.appended(card, CardJson.note(note));
    }

    /** {@code markdown} (our words, markdown already escaped where it quotes values) at the end of {@code card}. */
    public static Map<String, Object> markdown(Map<String, Object> card, Text markdown) {
        return CardJson.appended(card, CardJson.markdown(markdown));
    }

    /** A titled section: the bold title, then {@code body} escaped as literal text. */
    public static Map<String, Object> section(Map<String, Object> card, Text title, Text body) {
        return CardJson.appended(card, CardJson.markdown(Text.concat(title.map(t -> "**" + Md.escape(t) + "**\n"), body.map(Md::escape))));
    }
}
