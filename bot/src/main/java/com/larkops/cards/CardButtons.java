package com.larkops.cards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The callback values of every button on a card, wherever it sits (in the body, a column, a panel): card
 * JSON 2.0 carries them in {@code behaviors[].value}, 1.0 in the button's {@code value}. Each value is
 * given as a click hands it back: every entry a string. Lark sends a click for any of them, so these are
 * what larkops records as posted.
 */
public final class CardButtons {
    private CardButtons() {
    }

    public static List<Map<String, String>> of(Map<String, Object> card) {
        List<Map<String, String>> out = new ArrayList<>();
        walk(card, out);
        return out;
    }

    private static void walk(Object node, List<Map<String, String>> out) {
        if (node instanceof Map<?, ?> map) {
            if ("button".equals(map.get("tag"))) {
                if (map.get("value") instanceof Map<?, ?> value) {
                    out.add(strings(value));
                }
                if (map.get("behaviors") instanceof Collection<?> behaviors) {
                    for (Object b : behaviors) {
                        if (b instanceof Map<?, ?> behavior && behavior.get("value") instanceof Map<?, ?> value) {
                            out.add(strings(value));
                        }
                    }
                }
            }
            map.values().forEach(v -> walk(v, out));
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> walk(v, out));
        }
    }

    private static Map<String, String> strings(Map<?, ?> value) {
        Map<String, String> s = new LinkedHashMap<>();
        value.forEach((k, v) -> s.put(String.valueOf(k), String.valueOf(v)));
        return s;
    }
}
