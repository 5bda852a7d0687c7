package com.larkops.command;

import com.larkops.i18n.Text;
import com.larkops.model.UserError;

/** The command is understood but may not run now (lock held, rule broken); the message says why and what to do. */
public class RefusedException extends UserError {
    /** English only: for config files and the operator (a chat user's error passes a {@link Text}). */
    public RefusedException(String message) {
        super(message);
    }

    public RefusedException(Text text) {
        super(text);
    }
}
