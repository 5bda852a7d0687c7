package com.larkops.command;

import java.time.Instant;

/**
 * One line of the audit trail: who did what, where, and how it ended. The detail is stored plain: a mention
 * token ({@link com.larkops.model.Text#mention}) becomes the bare id, as the trail is read outside any chat.
 */
public record AuditEntry(Instant at, String actor, String chat, String command, String outcome, String detail) {
    public AuditEntry {
        detail = detail == null ? null : com.larkops.model.Text.plain(detail);
    }
}
