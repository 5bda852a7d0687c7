package com.larkops.lark;

/** The event id was processed before: acknowledge with 2xx (so Lark stops retrying) and do nothing. */
public class DuplicateEvent extends RuntimeException {
    public DuplicateEvent(String eventId) {
        super("event " + eventId + " already processed");
    }
}
