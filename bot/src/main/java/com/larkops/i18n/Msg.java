package com.larkops.i18n;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A catalogue key and the values for its {@code {0}}, {@code {1}}… placeholders. A value that is a {@link Text}
 * (another message) is rendered in the same language; anything else (digests, versions, names, log lines) is
 * put in as it is, never translated.
 */
public record Msg(String key, List<Object> args) implements Text {
    public Msg {
        Objects.requireNonNull(key);
        args = List.copyOf(args.stream().map(a -> a == null ? "" : a).toList());
    }

    public static Msg of(String key, Object... args) {
        return new Msg(key, Arrays.asList(args));
    }

    @Override
    public String in(Language language) {
        String pattern = Catalogue.pattern(language, key);
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(pattern.substring(i + 1, close));
                Object arg = n < args.size() ? args.get(n) : "";
                out.append(arg instanceof Text t ? t.in(language) : String.valueOf(arg));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** English, the language of logs and of a card element's {@code content}. */
    @Override
    public String toString() {
        return in(Language.EN_US);
    }
}
