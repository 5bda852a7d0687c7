package com.larkops.store;

/** The SQLite store failed; the message says which operation and where the database lives. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
