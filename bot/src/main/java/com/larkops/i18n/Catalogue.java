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
 * The message catalogue: {@code i18n/<bundle>_<language>.properties} on the class path, read as UTF-8 once,
 * one bundle per concern ({@link #BUNDLES}). A key missing in one language, or the same key in two bundles, is a
 * build failure (CatalogueTest), not a blank on a card.
 */
public final class Catalogue {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    /** The bundles, one per concern: {@code i18n/<bundle>_<language>.properties}. */
    public static final java.util.List<String> BUNDLES = java.util.List.of("messages", "release", "approval", "command",
            "pipeline", "app");
    private static final Map<Language, Map<String, String>> TEXTS = load();

    private Catalogue() {
    }

    /** The pattern of {@code key} in {@code language}; an unknown key fails loudly (a programming error). */
    public static String pattern(Language language, String key) {
        String p = TEXTS.get(language).get(key);
        if (p == null) {
            throw new IllegalArgumentException("no message '" + key + "' in the i18n bundles of " + language.key());
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

    /** The keys of one bundle in one language (CatalogueTest checks that no key is in two bundles). */
    public static Set<String> keys(String bundle, Language language) {
        return read(bundle, language).keySet();
    }

    private static Map<Language, Map<String, String>> load() {
        Map<Language, Map<String, String>> all = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            Map<String, String> texts = new TreeMap<>();
            BUNDLES.forEach(b -> texts.putAll(read(b, l)));
            all.put(l, Map.copyOf(texts));
        }
        return all;
    }

    private static Map<String, String> read(String bundle, Language language) {
        String resource = "/i18n/" + bundle + "_" + language.key() + ".properties";
        try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
