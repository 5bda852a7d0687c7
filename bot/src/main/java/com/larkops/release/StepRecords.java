package com.larkops.release;

import java.util.Optional;

/** The steps the executor recorded (the audit log implements it): where a running change is, for /digest and /status. */
public interface StepRecords {
    /** The description of the newest step of release {@code releaseId} that completed, if any did. */
    Optional<String> lastDone(long releaseId);

    /**
     * The audit row's command under which a release's live card is noted: outcome {@code posted} with the card's
     * message id as detail, then {@code finished} once the card shows the final state.
     */
    static String cardEntry(long releaseId) {
        return "release " + releaseId + " card";
    }

    /** The outcome under {@link #cardEntry} whose detail is the command's message the card answers. */
    String ANSWERS = "answers";

    /** True when a release's live card answers the chat command of message {@code commandMessageId}. */
    default boolean answeredByACard(String commandMessageId) {
        return false;
    }

    /**
     * Releases whose live card was posted and never reached its final state (its bot died mid-way), newest
     * first, with the card's message: what recovery must still PATCH.
     */
    default java.util.Map<Long, String> unfinishedCards() {
        return java.util.Map.of();
    }
}
