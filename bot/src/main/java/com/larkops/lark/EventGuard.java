package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.store.ProcessedEvents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * What the Lark SDK does not check, checked for every decrypted event whatever transport brought it:
 * the verification token, the event's age, and that its id was never processed before.
 *
 * <p>Window: an event created more than {@link #MAX_AGE} ago is stale. Lark's retries of a failed
 * delivery come about 15 s, 5 min, 1 h and 6 h after it (≈7 h in all), so 8 h lets every genuine retry
 * through while {@link ProcessedEvents#RETENTION} (72 h) outlives it: a replay is either deduplicated
 * or too old. More than {@link #MAX_FUTURE} in the future is refused too (a forged clock).
 */
public final class EventGuard {
    public static final Duration MAX_AGE = Duration.ofHours(8);
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final byte[] token;
    private final ProcessedEvents processed;
    private final Clock clock;

    public EventGuard(String verificationToken, ProcessedEvents processed, Clock clock) {
        this.token = verificationToken.getBytes(StandardCharsets.UTF_8);
        this.processed = processed;
        this.clock = clock;
    }

    /** Throws {@link EventRejected} or {@link DuplicateEvent}; returns the event id when the event may be acted on. */
    public String admit(JsonNode event) {
        JsonNode header = event.path("header");
        if (isApprovalTask(event)) {
            return admitV1(event);
        }
        if (!"2.0".equals(event.path("schema").asText()) || header.isMissingNode()) {
            throw new EventRejected("schema", 400, "only schema 2.0 events are accepted; enable v2 events for the app");
        }
        checkToken(header.path("token").asText(""));
        String eventId = header.path("event_id").asText("");
        if (eventId.isBlank() || eventId.length() > 128) {
            throw new EventRejected("malformed", 400, "event has no usable header.event_id");
        }
        checkAge(header.path("create_time").asText(""));
        if (!processed.firstSeen(eventId)) {
            throw new DuplicateEvent(eventId);
        }
        return eventId;
    }

    /**
     * Lark's Approval app still sends its task events in the 1.0 envelope ({@code type: event_callback}, {@code uuid},
     * {@code token} and {@code ts} at the top); only that one event type is let in this way.
     */
    public static boolean isApprovalTask(JsonNode event) {
        return !event.has("schema") && "event_callback".equals(event.path("type").asText())
                && "approval_task".equals(event.path("event").path("type").asText());
    }

    private String admitV1(JsonNode event) {
        checkToken(event.path("token").asText(""));
        String uuid = event.path("uuid").asText("");
        if (uuid.isBlank() || uuid.length() > 120) {
            throw new EventRejected("malformed", 400, "event has no usable uuid");
        }
        try {
            checkMillis(Math.round(Double.parseDouble(event.path("ts").asText("").trim()) * 1000));
        } catch (NumberFormatException e) {
            throw new EventRejected("timestamp", 400, "event ts is missing or not a number");
        }
        String id = "v1:" + uuid;
        if (!processed.firstSeen(id)) {
            throw new DuplicateEvent(id);
        }
        return id;
    }

    public void checkToken(String candidate) {
        if (!MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8))) {
            throw new EventRejected("token", 401, "verification token does not match LARK_VERIFICATION_TOKEN");
        }
    }

    /** The request timestamp header (seconds) goes through the same window as the event's create_time. */
    public void checkRequestTimestamp(String seconds) {
        try {
            checkMillis(Long.parseLong(seconds.trim()) * 1000);
        } catch (NumberFormatException e) {
            throw new EventRejected("timestamp", 401, "X-Lark-Request-Timestamp is not a number");
        }
    }

    private void checkAge(String createTimeMillis) {
        try {
            checkMillis(Long.parseLong(createTimeMillis.trim()));
        } catch (NumberFormatException e) {
            throw new EventRejected("timestamp", 400, "event header.create_time is missing or not a number");
        }
    }

    private void checkMillis(long at) {
        long now = clock.millis();
        if (at < now - MAX_AGE.toMillis()) {
            throw new EventRejected("stale", 401, "event is older than " + MAX_AGE.toHours() + " h: refused as a possible replay");
        }
        if (at > now + MAX_FUTURE.toMillis()) {
            throw new EventRejected("future", 401, "event timestamp is more than 5 min in the future");
        }
    }
}
