package com.larkops.command;

import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

import java.util.Map;
import java.util.Optional;

/**
 * What a command answers, as data: a {@link Text} (rendered at the edge in the configured language),
 * optionally an interactive card (card JSON as a map, every text in it multilingual) that a chat renders
 * instead of the text. The outcome goes to the audit log and the metrics.
 */
public record Reply(Outcome outcome, Text message, Optional<Map<String, Object>> card) {

    public enum Outcome { OK, REFUSED, USAGE, ERROR, BUSY;
        public String label() {
            return name().toLowerCase();
        }
    }

    /** English: the audit log, the logs and the tests read this. */
    public String text() {
        return message.in(Language.DEFAULT);
    }

    public String text(Language language) {
        return message.in(language);
    }

    /** The same outcome and card with another text. */
    public Reply withMessage(Text other) {
        return new Reply(outcome, other, card);
    }

    public static Reply ok(Text text) {
        return new Reply(Outcome.OK, text, Optional.empty());
    }

    public static Reply card(Text text, Map<String, Object> card) {
        return new Reply(Outcome.OK, text, Optional.of(card));
    }

    public static Reply refused(Text text) {
        return new Reply(Outcome.REFUSED, text, Optional.empty());
    }

    public static Reply usage(Text text) {
        return new Reply(Outcome.USAGE, text, Optional.empty());
    }

    public static Reply error(Text text) {
        return new Reply(Outcome.ERROR, text, Optional.empty());
    }

    public boolean succeeded() {
        return outcome == Outcome.OK;
    }
}
