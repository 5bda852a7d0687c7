package com.larkops.command;

import com.larkops.i18n.Text;
import com.larkops.model.UserError;

/** The arguments do not fit the command; the router answers with the message and the usage line. */
public class UsageException extends UserError {
    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public UsageException(String message) {
        super(message);
    }

    public UsageException(Text text) {
        super(text);
    }
}
