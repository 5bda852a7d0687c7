package com.larkops.command;

import java.util.Map;

/**
 * A click on a button of a card the bot posted: the action's name (the button value's {@code action}), the
 * rest of the value, who clicked in which chat, and the message the card is ({@code open_message_id}); for a form's
 * submit button, the form's fields ({@code form_value}), kept apart from the value larkops posted.
 */
public record CardAction(String name, Map<String, String> value, Caller caller, String messageId, Map<String, String> form) {
    public CardAction {
        name = name == null ? "" : name;
        value = value == null ? Map.of() : Map.copyOf(value);
        messageId = messageId == null ? "" : messageId;
        form = form == null ? Map.of() : Map.copyOf(form);
    }

    /** A button click (no form fields). */
    public CardAction(String name, Map<String, String> value, Caller caller, String messageId) {
        this(name, value, caller, messageId, Map.of());
    }

    public String get(String key) {
        return value.getOrDefault(key, "");
    }
}
