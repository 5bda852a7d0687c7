package com.larkops.i18n;

/**
 * A failure a chat user reads about (the registry or the engine cannot be reached, a lock is held): its words in
 * every language. Its {@code getMessage()} stays English, for the logs and the audit.
 */
public interface Explained {
    /** What the user reads, rendered at the edge in the configured language. */
    Text text();

    /** What to show a user about {@code e}: its own {@link #text()} when it has one, else its (English) message as a value. */
    static Text of(Throwable e) {
        if (e instanceof Explained explained) {
            return explained.text();
        }
        return Text.verbatim(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
