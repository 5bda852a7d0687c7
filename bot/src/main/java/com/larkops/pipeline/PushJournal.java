package com.larkops.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * The store port that makes an acknowledged registry push durable: written when the registry gets its 200,
 * marked done when the worker has acted on it. What a crash leaves not done is replayed at the next start,
 * since the registry, told "accepted", never sends it again (and its retries are deduplicated away).
 */
public interface PushJournal {
    /**
     * Records the registry's event id (the dedup, as for any event) and, the first time only, the push as
     * accepted-but-not-done, in one transaction; false when the id was seen before (a redelivery).
     */
    boolean accept(String eventId, Push push, Instant at);

    /** The worker has acted on this push (whatever it decided). */
    void done(String eventId);

    /** Pushes accepted and never done, in arrival order. */
    List<Accepted> unfinished();

    /** An accepted push under the registry's event id. */
    record Accepted(String eventId, Push push) {
    }
}
