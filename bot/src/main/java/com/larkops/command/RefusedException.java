package com.larkops.command;

import com.larkops.i18n.Text;

/** The command is understood but may not run now (lock held, rule broken); the message says why and what to do. */
public class RefusedException extends RuntimeException {
    private final transient Text text;

    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public RefusedException(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    /** {@code text} in the configured language for the user; English in the logs. */
    public RefusedException(Text text) {
        super(text.in(com.larkops.i18n.Language.DEFAULT));
        this.text = text;
    }

    /** What the user reads, in any language. */
    public Text text() {
        return text;
    }
}
