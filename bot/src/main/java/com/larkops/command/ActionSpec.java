package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/**
 * One row of the routing table for card actions, next to the commands: the action's name, the role a
 * click needs, and the handler. Clicks go through the same policy check, audit and metrics as commands.
 */
public record ActionSpec(String name, Role role, Handler handler) {
    @FunctionalInterface
    public interface Handler {
        Answer handle(CardAction action);
    }

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
