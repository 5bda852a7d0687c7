package com.larkops.command;

/** The command is understood but may not run now (lock held, rule broken); the message says why and what to do. */
public class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
