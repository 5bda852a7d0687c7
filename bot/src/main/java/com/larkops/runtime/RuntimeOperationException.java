package com.larkops.runtime;

/** The engine answered but refused or failed an operation; the message says what and on which object. */
public class RuntimeOperationException extends RuntimeException {
    public RuntimeOperationException(String message) {
        super(message);
    }

    public RuntimeOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
