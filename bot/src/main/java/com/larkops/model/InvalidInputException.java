package com.larkops.model;

import com.larkops.i18n.Text;

/** Input from a user or a config file that cannot be accepted; the message says what is expected. */
public class InvalidInputException extends RuntimeException {
    private final transient Text text;

    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public InvalidInputException(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    /** {@code text} in the configured language for the user; English in the logs. */
    public InvalidInputException(Text text) {
        super(text.in(com.larkops.i18n.Language.DEFAULT));
        this.text = text;
    }

    /** What the user reads, in any language. */
    public Text text() {
        return text;
    }
}
