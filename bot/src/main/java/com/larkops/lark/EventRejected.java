package com.larkops.lark;

/** An inbound event that must not be acted on; {@code reason} is the metrics label, {@code status} the HTTP answer. */
public class EventRejected extends RuntimeException {
    private final String reason;
    private final int status;

    public EventRejected(String reason, int status, String message) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }
}
