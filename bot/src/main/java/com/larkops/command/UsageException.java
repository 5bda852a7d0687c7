package com.larkops.command;

import com.larkops.i18n.Text;

/** The arguments do not fit the command; the router answers with the message and the usage line. */
public class UsageException extends RuntimeException {
    private final transient Text text;

    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public UsageException(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    /** {@code text} in the configured language for the user; English in the logs. */
    public UsageException(Text text) {
        super(text.in(com.larkops.i18n.Language.DEFAULT));
        this.text = text;
    }

    /** What the user reads, in any language. */
    public Text text() {
        return text;
    }
}
