package com.larkops.model;

/** Small helpers for echoing user input back safely in messages. */
public final class Text {
    private Text() {
    }

    /** User input shortened for an error message, so a huge argument cannot flood a reply. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
