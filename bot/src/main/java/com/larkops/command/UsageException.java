package com.larkops.command;

/** The arguments do not fit the command; the router answers with the message and the usage line. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
