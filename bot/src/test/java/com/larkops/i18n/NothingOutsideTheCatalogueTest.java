package com.larkops.i18n;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every word a person reads comes from the catalogue. The compiler holds half of it: replies, answers, outcomes
 * and card texts take a {@link Text}, and the only way to a {@code Text} with words is a {@link Msg}. This test
 * holds the other half over the sources of {@code bot/}: no {@link Text#verbatim} is handed a literal with words
 * in it (verbatim is for values: names, digests, versions, log lines), every {@code Msg.of("key")} names a key
 * the catalogue has, and no key is in two bundles.
 */
class NothingOutsideTheCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java/com/larkops");
    private static final Pattern MSG_KEY = Pattern.compile("Msg\\.of\\(\\s*\"([^\"]+)\"\\s*(\\+)?");
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    @Test
    void noVerbatimTextIsALiteralWithWords() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String code = Files.readString(file);
            int at = 0;
            while ((at = code.indexOf("verbatim(", at)) >= 0) {
                at += "verbatim(".length();
                String args = argumentsFrom(code, at);
                for (String literal : literals(args)) {
                    if (WORD.matcher(literal).find()) {
                        found.add(SOURCES.relativize(file) + ":" + lineOf(code, at) + " verbatim(\"" + literal + "\")");
                    }
                }
            }
        }
        assertThat(found).as("words shown to a person belong in i18n/<bundle>_<language>.properties, not in verbatim(...)").isEmpty();
    }

    @Test
    void everyKeyTheCodeNamesIsInTheCatalogue() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : sources()) {
            String code = Files.readString(file);
            Matcher m = MSG_KEY.matcher(code);
            while (m.find()) {
                // "prefix." + kind: some key has to start with the prefix
                boolean known = m.group(2) == null ? Catalogue.has(m.group(1))
                        : Catalogue.keys(Language.DEFAULT).stream().anyMatch(k -> k.startsWith(m.group(1)));
                if (!known) {
                    missing.add(SOURCES.relativize(file) + ":" + lineOf(code, m.start()) + " " + m.group(1));
                }
            }
        }
        assertThat(missing).as("Msg.of keys with no message in the catalogue").isEmpty();
    }

    @Test
    void noKeyIsInTwoBundles() {
        for (Language l : Language.values()) {
            Map<String, String> owner = new HashMap<>();
            List<String> twice = new ArrayList<>();
            for (String bundle : Catalogue.BUNDLES) {
                for (String key : Catalogue.keys(bundle, l)) {
                    String before = owner.put(key, bundle);
                    if (before != null) {
                        twice.add(key + " in " + before + " and " + bundle);
                    }
                }
            }
            assertThat(twice).as("keys of %s in two bundles", l.key()).isEmpty();
        }
    }

    @Test
    void theScanSeesALiteralWithWordsAndNotAValue() {
        assertThat(literals(argumentsFrom("verbatim(\"deploy failed: \" + e.getMessage()); x(\"y\")", 9)))
                .containsExactly("deploy failed: ");
        assertThat(literals(argumentsFrom("verbatim(String.join(\", \", names)).then(Msg.of(\"k\"))", 9))).containsExactly(", ");
        assertThat(literals(argumentsFrom("verbatim(\"a (b\\\" c\" + v)", 9))).containsExactly("a (b\\\" c");
    }

    /** The text between an opening parenthesis (just before {@code from}) and its matching close, literals included. */
    static String argumentsFrom(String code, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return code.substring(from, i);
            }
        }
        return code.substring(from);
    }

    static List<String> literals(String code) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = code.indexOf('"', i)) >= 0) {
            int j = i + 1;
            while (j < code.length() && code.charAt(j) != '"') {
                j += code.charAt(j) == '\\' ? 2 : 1;
            }
            out.add(code.substring(i + 1, Math.min(j, code.length())));
            i = j + 1;
        }
        return out;
    }

    private static int lineOf(String code, int offset) {
        return (int) code.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
