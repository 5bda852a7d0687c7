package com.larkops.cards;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Card JSON 2.0's local multilingual text: an element keeps its English {@code content} (old clients and the
 * tests read it) and carries {@code i18n_content} with every language larkops speaks, so each viewer in a group
 * reads their own client language.
 */
final class CardText {
    private CardText() {
    }

    /** {@code content} (English) and {@code i18n_content} on {@code element}, each text shaped by {@code shape} (e.g. clipped). */
    static Map<String, Object> put(Map<String, Object> element, Text text, UnaryOperator<String> shape) {
        element.put("content", shape.apply(text.in(Language.DEFAULT)));
        element.put("i18n_content", all(text, shape));
        return element;
    }

    static Map<String, Object> all(Text text, UnaryOperator<String> shape) {
        Map<String, Object> i18n = new LinkedHashMap<>();
        for (Language l : Language.values()) {
            i18n.put(l.key(), shape.apply(text.in(l)));
        }
        return i18n;
    }

    static Map<String, Object> plain(Text text, int max) {
        return put(new LinkedHashMap<>(Map.of("tag", "plain_text")), text, s -> CardJson.clip(s, max));
    }
}
