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
