package com.larkops.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message catalogue: {@code i18n/messages_<language>.properties} on the class path, read as UTF-8 once.
 * A key missing in one language is a build failure (CatalogueTest), not a blank on a card.
 */
public final class Catalogue {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Map<Language, Map<String, String>> TEXTS = load();

    private Catalogue() {
    }

    /** The pattern of {@code key} in {@code language}; an unknown key fails loudly (a programming error). */
    public static String pattern(Language language, String key) {
        String p = TEXTS.get(language).get(key);
        if (p == null) {
            throw new IllegalArgumentException("no message '" + key + "' in i18n/messages_" + language.key() + ".properties");
        }
        return p;
    }

    public static boolean has(String key) {
        return TEXTS.get(Language.DEFAULT).containsKey(key);
    }

    /** Every key of {@code language}, sorted. */
    public static Set<String> keys(Language language) {
        return new TreeSet<>(TEXTS.get(language).keySet());
    }

    /** The placeholder numbers a pattern uses, e.g. {@code [0, 1]}. */
    public static Set<Integer> placeholders(String pattern) {
        Set<Integer> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private static Map<Language, Map<String, String>> load() {
        Map<Language, Map<String, String>> all = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            String resource = "/i18n/messages_" + l.key() + ".properties";
            try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the class path");
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> texts = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
                all.put(l, Map.copyOf(texts));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
