package com.larkops.model;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/**
 * An error a person caused and can fix, shown to them as one line (never a stack trace): its {@link #text} in the
 * configured language; English in the logs ({@link #getMessage}).
 */
public abstract class UserError extends RuntimeException {
    private final transient Text text;

    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    protected UserError(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    protected UserError(Text text) {
        super(text.in(Language.DEFAULT));
        this.text = text;
    }

    /** What the user reads, in any language. */
    public Text text() {
        return text;
    }
}
