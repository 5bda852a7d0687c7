package com.larkops.release;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.model.Release;

import java.time.Clock;
import java.util.Optional;

/**
 * The audit rows {@link PlanExecutor} writes: one per step it runs, skips, refuses or undoes ({@code ok}, {@code skipped},
 * {@code failed}, {@code aborted}, {@code refused}), under the plan's name; and the notes on a release's live card
 * ({@link StepRecords#cardEntry}) that recovery reads.
 */
final class PlanAudit {
    private final AuditSink sink;
    private final Clock clock;

    PlanAudit(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** A step's row, stamped now; written now, or right after the cut-over when the plan is in it ({@link HeldWrites}). */
    void step(String auditAs, String actor, String chat, HeldWrites writes, Step step, String outcome, String detail) {
        AuditEntry entry = new AuditEntry(clock.instant(), actor, chat, auditAs + ": " + step.describe(), outcome,
                detail == null ? "" : detail);
        writes.write(() -> sink.record(entry));
    }

    /** {@code release}'s live card is chat message {@code messageId}, answering the command of {@code commandMessageId}. */
    void cardPosted(Release release, String messageId, Optional<String> commandMessageId) {
        sink.record(new AuditEntry(clock.instant(), release.actor(), release.chat(), StepRecords.cardEntry(release.id()),
                "posted", messageId));
        commandMessageId.ifPresent(command -> sink.record(new AuditEntry(clock.instant(), release.actor(), release.chat(),
                StepRecords.cardEntry(release.id()), StepRecords.ANSWERS, command)));
    }

    /** {@code release}'s live card shows its final state. */
    void cardFinished(Release release) {
        sink.record(new AuditEntry(clock.instant(), release.actor(), release.chat(), StepRecords.cardEntry(release.id()),
                "finished", ""));
    }
}
