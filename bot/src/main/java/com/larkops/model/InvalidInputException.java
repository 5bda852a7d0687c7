package com.larkops.model;

/** Input from a user or a config file that cannot be accepted; the message says what is expected. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
