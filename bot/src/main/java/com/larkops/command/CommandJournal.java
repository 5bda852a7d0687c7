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
        /** What to tell the chat. */
        public String notice() {
            return "your command '" + com.larkops.model.Text.clip(text) + "' from " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(acceptedAt)
                    + (started ? " was interrupted when the bot stopped and may not have finished; check /digest and /history before running it again"
                    : " was not run because the bot stopped; run it again");
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
