package com.larkops.command;

import java.time.Instant;
import java.util.List;

/**
 * A durable note of each chat command from the moment its event is acknowledged until it has run, so a
 * command lost to a crash (acknowledged to Lark, so never re-delivered) is reported to its chat at the
 * next start instead of vanishing.
 */
public interface CommandJournal {
    void accepted(String eventId, String chat, String messageId, String user, String text, Instant at);

    void started(String eventId);

    void done(String eventId);

    /** Commands accepted but not done, oldest first; each is forgotten once returned. */
    List<Unfinished> takeUnfinished();

    record Unfinished(String messageId, String chat, String text, Instant acceptedAt, boolean started) {
        /** What to tell the chat (rendered at the edge in the config's language). */
        public com.larkops.i18n.Text message() {
            return com.larkops.i18n.Msg.of(started ? "command.journal.interrupted" : "command.journal.not_run", com.larkops.model.Text.clip(text),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC).format(acceptedAt));
        }

    }

    CommandJournal NONE = new CommandJournal() {
        public void accepted(String eventId, String chat, String messageId, String user, String text, Instant at) {
        }

        public void started(String eventId) {
        }

        public void done(String eventId) {
        }

        public List<Unfinished> takeUnfinished() {
            return List.of();
        }
    };
}
