package com.larkops.command;

import java.time.Instant;

/** One line of the audit trail: who did what, where, and how it ended. */
public record AuditEntry(Instant at, String actor, String chat, String command, String outcome, String detail) {
}
