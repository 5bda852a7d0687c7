package com.larkops.window;

/** A period, zone or date-time that does not parse: the message names the bad text and what is expected. */
public final class WindowException extends IllegalArgumentException {
    public WindowException(String message) {
        super(message);
    }
}
