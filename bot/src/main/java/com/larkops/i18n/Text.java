package com.larkops.i18n;

import java.util.Arrays;
import java.util.List;

/**
 * Something shown to a person, in a given language: a catalogue {@link Msg}, or a composition of them. Words
 * come from the catalogue only; {@link #verbatim} is for values that are never translated (names, versions,
 * digests, log lines, an engine's own error text) and {@code CatalogueTest} refuses a literal with words in it.
 */
@FunctionalInterface
public interface Text {
    String in(Language language);

    /** The same text in every language: a name, a digest, a version (never translated). */
    static Text verbatim(String value) {
        String v = value == null ? "" : value;
        return language -> v;
    }

    /** The parts one after the other, each in the same language. */
    static Text concat(Text... parts) {
        List<Text> all = List.copyOf(Arrays.asList(parts));
        return language -> {
            StringBuilder out = new StringBuilder();
            all.forEach(p -> out.append(p.in(language)));
            return out.toString();
        };
    }

    /** The parts joined by {@code separator} (punctuation or a line break, never words); blank parts are skipped. */
    static Text joined(String separator, List<? extends Text> parts) {
        List<Text> all = List.copyOf(parts);
        return language -> {
            StringBuilder out = new StringBuilder();
            for (Text p : all) {
                String s = p.in(language);
                if (s.isEmpty()) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append(separator);
                }
                out.append(s);
            }
            return out.toString();
        };
    }

    /** One part per line. */
    static Text lines(Text... parts) {
        return joined("\n", Arrays.asList(parts));
    }

    static Text lines(List<? extends Text> parts) {
        return joined("\n", parts);
    }

    /** This text, then {@code more} on the next line. */
    default Text thenLine(Text more) {
        return lines(this, more);
    }

    /** This text followed directly by {@code more}. */
    default Text then(Text more) {
        return concat(this, more);
    }

    /** This text with each language's rendering shaped by {@code shape} (e.g. escaped, clipped). */
    default Text map(java.util.function.UnaryOperator<String> shape) {
        Text self = this;
        return language -> shape.apply(self.in(language));
    }
}
