package com.larkops.runtime;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

/** The Docker engine cannot be reached at all: nothing was done, retrying later may work. */
public class RuntimeUnavailableException extends RuntimeException implements Explained {
    private final transient Text text;

    public RuntimeUnavailableException(String dockerHost, Throwable cause) {
        this(Msg.of("app.engine.unavailable", dockerHost, describe(cause)), cause);
    }

    private RuntimeUnavailableException(Text text, Throwable cause) {
        super(text.in(Language.DEFAULT), cause);
        this.text = text;
    }

    /** What the user reads (the engine's own error text stays as it is), in any language. */
    @Override
    public Text text() {
        return text;
    }

    private static String describe(Throwable cause) {
        // the innermost cause names the real problem (no such file, connection refused, timeout)
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
