package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/**
 * What a command answers, as data: plain text, optionally an interactive card (card JSON as a map)
 * that a chat renders instead of the text. The outcome goes to the audit log and the metrics.
 */
public record Reply(Outcome outcome, String text, Optional<Map<String, Object>> card) {

    public enum Outcome { OK, REFUSED, USAGE, ERROR, BUSY;
        public String label() {
            return name().toLowerCase();
        }
    }

    public static Reply ok(String text) {
        return new Reply(Outcome.OK, text, Optional.empty());
    }

    public static Reply card(String text, Map<String, Object> card) {
        return new Reply(Outcome.OK, text, Optional.of(card));
    }

    public static Reply refused(String text) {
        return new Reply(Outcome.REFUSED, text, Optional.empty());
    }

    public static Reply usage(String text) {
        return new Reply(Outcome.USAGE, text, Optional.empty());
    }

    public static Reply error(String text) {
        return new Reply(Outcome.ERROR, text, Optional.empty());
    }

    public boolean succeeded() {
        return outcome == Outcome.OK;
    }
}
