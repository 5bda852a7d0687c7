package com.larkops.store;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/**
 * The store failed; the message says which operation and where the database lives. A failure a chat user can
 * meet carries a {@link Text} (opening the database at start is the operator's: English).
 */
public class StoreException extends RuntimeException implements Explained {
    private final transient Text text;

    /** English only: what the operator reads when the database cannot be opened. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
        this.text = Text.verbatim(message);
    }

    public StoreException(Text text, Throwable cause) {
        super(text.in(Language.DEFAULT), cause);
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}
