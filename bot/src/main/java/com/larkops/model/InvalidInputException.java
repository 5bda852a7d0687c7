package com.larkops.model;

import com.larkops.i18n.Text;

/** Input from a user or a config file that cannot be accepted; the message says what is expected. */
public class InvalidInputException extends UserError {
    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(Text text) {
        super(text);
    }
}
