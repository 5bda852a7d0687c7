package com.larkops.i18n;

import java.util.EnumMap;
import java.util.Map;

/**
 * A {@link Text} kept in a store's text column (an approval card's summary and result, an incident's timeline): its
 * rendering in every language, so a card rebuilt later shows each viewer their language. English comes first, so
 * the stored value still reads (and greps) as English. A value stored before (plain text) reads back verbatim.
 */
public final class StoredText {
    private static final char RECORD = '\u001E';
    private static final char UNIT = '\u001F';

    private StoredText() {
    }

    /** {@code text} in every language, as one string for a text column. */
    public static String encode(Text text) {
        StringBuilder out = new StringBuilder();
        for (Language l : order()) {
            out.append(RECORD).append(l.key()).append(UNIT).append(clean(text.in(l)));
        }
        return out.toString();
    }

    /** What {@link #encode} stored, in any language; anything else (stored before, or by hand) as it is. */
    public static Text decode(String stored) {
        if (stored == null || stored.isEmpty() || stored.charAt(0) != RECORD) {
            return Text.verbatim(stored);
        }
        Map<Language, String> texts = new EnumMap<>(Language.class);
        for (String record : stored.substring(1).split(String.valueOf(RECORD), -1)) {
            int unit = record.indexOf(UNIT);
            if (unit > 0) {
                try {
                    texts.put(Language.parse(record.substring(0, unit)), record.substring(unit + 1));
                } catch (IllegalArgumentException e) {
                    // a language this larkops no longer speaks: the others remain
                }
            }
        }
        String english = texts.getOrDefault(Language.DEFAULT, "");
        return language -> texts.getOrDefault(language, english);
    }

    /** The English of a stored value (for logs and matching), whether encoded or plain. */
    public static String english(String stored) {
        return decode(stored).in(Language.DEFAULT);
    }

    private static Language[] order() {
        Language[] all = Language.values();
        Language[] ordered = new Language[all.length];
        ordered[0] = Language.DEFAULT;
        int i = 1;
        for (Language l : all) {
            if (l != Language.DEFAULT) {
                ordered[i++] = l;
            }
        }
        return ordered;
    }

    private static String clean(String s) {
        return s.replace(RECORD, ' ').replace(UNIT, ' ');
    }
}
