package com.larkops.command;

import java.util.Map;

/**
 * The buttons larkops posted, by message: a click counts only for a button the bot itself put on that very
 * message ({@code open_message_id}) with exactly that value, and only while the card still shows it (a card
 * updated to a newer state supersedes its old buttons).
 */
public interface PostedButtons {
    /** Where a clicked button stands. */
    enum Status { CURRENT, SUPERSEDED, NOT_POSTED }

    Status statusOf(String messageId, String action, Map<String, String> value);

    /** Fail closed: where nothing records buttons, no click is honoured. */
    PostedButtons NONE = (messageId, action, value) -> Status.NOT_POSTED;
}
