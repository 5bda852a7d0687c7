package com.larkops.i18n;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A language larkops speaks; the names are Lark's locale keys (as in a card's {@code i18n_content}). */
public enum Language {
    ZH_CN, EN_US, JA_JP;

    /** The default for text replies and the shell, and the {@code content} every card element carries. */
    public static final Language DEFAULT = EN_US;

    /** Lark's key: {@code zh_cn}, {@code en_us}, {@code ja_jp}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} or blank is the default; anything else not one of the keys is refused, naming them. */
    public static Language parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        for (Language l : values()) {
            if (l.key().equals(text.strip())) {
                return l;
            }
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a language larkops speaks; expected one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Language::key).collect(Collectors.joining(", "));
    }
}
