package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/**
 * One row of the routing table for card actions, next to the commands: the action's name, the role a
 * click needs, the handler, and — for a button that stands for a typed command — that command, so a click
 * is authorised at click time exactly as typing it would be. Clicks go through the same policy check,
 * audit and metrics as commands.
 *
 * @param binding how a click is tied to the card it came from (see {@link Binding})
 * @param command the typed command a click stands for, when it stands for one (empty: none, or the click is malformed)
 */
public record ActionSpec(String name, Role role, Handler handler, Binding binding, CommandOf command) {
    public ActionSpec(String name, Role role, Handler handler) {
        this(name, role, handler, Binding.POSTED, a -> Optional.empty());
    }

    @FunctionalInterface
    public interface Handler {
        Answer handle(CardAction action);
    }

    @FunctionalInterface
    public interface CommandOf {
        Optional<String> of(CardAction action);
    }

    /**
     * {@code POSTED}: the click counts only for a button larkops posted on that very message and still shows
     * there ({@link PostedButtons}). {@code OWN_CARD}: the handler ties the click to its card itself and
     * answers re-clicks on a decided card (an approval request names its card's message and is decided once).
     */
    public enum Binding { POSTED, OWN_CARD }

    /**
     * What a click answers right away: the outcome (for the audit log and metrics), a tone for the short
     * notice, its text, and the card as it should now look when it changed.
     */
    public record Answer(Reply.Outcome outcome, Tone tone, String text, Optional<Map<String, Object>> card) {
        public static Answer refused(String text) {
            return new Answer(Reply.Outcome.REFUSED, Tone.ERROR, text, Optional.empty());
        }
    }

    /** How the notice of an answer reads: it worked, nothing changed, look again, or no. */
    public enum Tone { SUCCESS, INFO, WARNING, ERROR }
}
