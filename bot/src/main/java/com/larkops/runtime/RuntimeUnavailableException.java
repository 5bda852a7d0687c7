package com.larkops.runtime;

/** The Docker engine cannot be reached at all: nothing was done, retrying later may work. */
public class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String dockerHost, Throwable cause) {
        super("Docker engine at " + dockerHost + " does not answer: " + describe(cause) + "; is dockerd running?", cause);
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
