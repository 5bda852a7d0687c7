package com.larkops.store;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.release.StepRecords;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The append-only audit trail: every accepted command and every executed plan step. */
public final class AuditLog implements AuditSink, StepRecords {
    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(AuditEntry e) {
        db.insert("append to the audit log",
                "INSERT INTO audit(at_ms, actor, chat, command, outcome, detail) VALUES (?,?,?,?,?,?)",
                ps -> {
                    ps.setLong(1, e.at().toEpochMilli());
                    ps.setString(2, e.actor());
                    ps.setString(3, e.chat());
                    ps.setString(4, e.command());
                    ps.setString(5, e.outcome());
                    ps.setString(6, e.detail());
                });
    }

    /** Newest first. */
    public List<AuditEntry> recent(int limit) {
        return db.query("read the audit log",
                "SELECT at_ms, actor, chat, command, outcome, detail FROM audit ORDER BY id DESC LIMIT ?",
                ps -> ps.setInt(1, limit),
                rs -> new AuditEntry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)));
    }

    /** Cards are updatable for 14 days: older ones are left as they are. */
    @Override
    public java.util.Map<Long, String> unfinishedCards() {
        java.util.Map<Long, String> cards = new java.util.LinkedHashMap<>();
        db.query("read the unfinished change cards",
                "SELECT a.command, a.detail FROM audit a WHERE a.command LIKE 'release % card' AND a.outcome='posted' AND a.at_ms > ? "
                        + "AND NOT EXISTS (SELECT 1 FROM audit b WHERE b.command = a.command AND b.outcome='finished') ORDER BY a.id DESC",
                ps -> ps.setLong(1, Instant.now().minus(java.time.Duration.ofDays(14)).toEpochMilli()),
                rs -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> cards.putIfAbsent(Long.parseLong(e.getKey().split(" ")[1]), e.getValue()));
        return cards;
    }

    @Override
    public boolean answeredByACard(String commandMessageId) {
        return !db.query("read which change card answers a command",
                "SELECT 1 FROM audit WHERE command LIKE 'release % card' AND outcome=? AND detail=? LIMIT 1",
                ps -> {
                    ps.setString(1, ANSWERS);
                    ps.setString(2, commandMessageId);
                },
                rs -> 1).isEmpty();
    }

    /** The executor audits each step as {@code "release <id>: <step>"} once it ran; the newest one that ended ok. */
    @Override
    public Optional<String> lastDone(long releaseId) {
        String prefix = "release " + releaseId + ": ";
        return db.query("read the steps of release " + releaseId,
                "SELECT command FROM audit WHERE command LIKE ? AND outcome='ok' AND detail<>'undo' ORDER BY id DESC LIMIT 1",
                ps -> ps.setString(1, prefix + "%"),
                rs -> rs.getString(1)).stream().findFirst().map(c -> c.substring(prefix.length()));
    }
}
