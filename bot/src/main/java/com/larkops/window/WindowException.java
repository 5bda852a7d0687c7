package com.larkops.window;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/** A period, zone or date-time that does not parse: the message names the bad text and what is expected. */
public final class WindowException extends IllegalArgumentException {
    private final transient Text text;

    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public WindowException(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    /** {@code text} in the configured language for the user (a typed {@code at} time); English in the logs. */
    public WindowException(Text text) {
        super(text.in(Language.DEFAULT));
        this.text = text;
    }

    /** What the user reads, in any language. */
    public Text text() {
        return text;
    }
}
