package com.larkops.i18n;

/** Something shown to a person, in a given language: a catalogue {@link Msg}, or a composition of them. */
@FunctionalInterface
public interface Text {
    String in(Language language);

    /** The same text in every language: a name, a digest, a version (never translated). */
    static Text verbatim(String value) {
        String v = value == null ? "" : value;
        return language -> v;
    }
}
