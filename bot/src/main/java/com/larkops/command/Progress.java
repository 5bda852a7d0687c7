package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/**
 * Where a long-running command reports what it is doing: text lines ("pulling…", "waiting for
 * health…") for the shell, and its one live card (card JSON) for chat, shown first as the reply to
 * the command and then updated in place.
 */
@FunctionalInterface
public interface Progress {
    void update(String text);

    /**
     * A line in every language (a live card shows each viewer theirs); where lines are plain text (the shell) it is
     * English unless the progress renders it itself.
     */
    default void line(com.larkops.i18n.Text text) {
        update(text.in(com.larkops.i18n.Language.DEFAULT));
    }

    /**
     * Shows the command's live card, or updates it when already shown; returns the chat message that
     * holds it when there is one (the shell has none).
     */
    default Optional<String> card(Map<String, Object> card) {
        return Optional.empty();
    }

    /** Shows or updates the live card without waiting for the chat (step updates of a running plan). */
    default void showCard(Map<String, Object> card) {
        card(card);
    }

    /** The chat message that holds the live card once it is shown (waits, bounded, for the reply); nothing is shown by asking. */
    default Optional<String> messageId() {
        return Optional.empty();
    }

    /** The user's message this progress answers (a chat command's), when there is one. */
    default Optional<String> commandMessageId() {
        return Optional.empty();
    }

    /** The change's answer: for a live card, its last update (waits, bounded, until sent); nothing for text progress. */
    default void finish(Reply reply) {
    }

    /**
     * Waits (bounded) until every card update shown so far has been sent to the chat; false when one was not
     * (still pending, or the send failed). Nothing to send (text progress): true.
     */
    default boolean delivered() {
        return true;
    }

    Progress NONE = text -> { };
}
