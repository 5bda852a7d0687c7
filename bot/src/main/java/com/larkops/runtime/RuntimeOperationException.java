package com.larkops.runtime;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/**
 * The engine answered but refused or failed an operation; the text says what and on which object (a chat user
 * reads it in the configured language; the engine's own error text is a value, never translated).
 */
public class RuntimeOperationException extends RuntimeException implements Explained {
    private final transient Text text;

    /** English only: a test double's or a programmer's message. */
    public RuntimeOperationException(String message) {
        super(message);
        this.text = Text.verbatim(message);
    }

    public RuntimeOperationException(Text text) {
        this(text, null);
    }

    public RuntimeOperationException(Text text, Throwable cause) {
        super(text.in(Language.DEFAULT), cause);
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}
