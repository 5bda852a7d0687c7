package com.larkops.store;

import com.larkops.approval.ApprovalRequest;
import com.larkops.approval.ApprovalStore;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Approval requests in SQLite; decisions are a conditional UPDATE, so exactly one click wins, also across restarts. */
public final class ApprovalTable implements ApprovalStore {
    private static final String COLUMNS = "id, service, env, release_id, digest, version, plan_json, running_before, summary, "
            + "requester, chat, created_ms, expires_ms, status, decided_by, decided_ms, card_message_id, result, canary_percent, required, lark_instance";

    private final Database db;

    public ApprovalTable(Database db) {
        this.db = db;
    }

    @Override
    public void create(ApprovalRequest r) {
        db.update("store approval request " + r.id(), "INSERT INTO approvals(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ps -> {
            ps.setString(1, r.id());
            ps.setString(2, r.service().value());
            ps.setString(3, r.env().tag());
            ps.setLong(4, r.releaseId());
            ps.setString(5, r.digest().value());
            ps.setString(6, r.version());
            ps.setString(7, r.planJson());
            ps.setString(8, String.join(",", r.runningBefore()));
            ps.setString(9, r.summary());
            ps.setString(10, r.requester());
            ps.setString(11, r.chat());
            ps.setLong(12, r.createdAt().toEpochMilli());
            ps.setLong(13, r.expiresAt().toEpochMilli());
            ps.setString(14, r.status().name());
            ps.setString(15, r.decidedBy().orElse(null));
            if (r.decidedAt().isPresent()) {
                ps.setLong(16, r.decidedAt().get().toEpochMilli());
            } else {
                ps.setNull(16, java.sql.Types.INTEGER);
            }
            ps.setString(17, r.cardMessageId().orElse(null));
            ps.setString(18, r.result());
            ps.setInt(19, r.canaryPercent());
            ps.setInt(20, r.required());
            ps.setString(21, r.larkInstance().orElse(null));
        });
    }

    @Override
    public Optional<ApprovalRequest> byId(String id) {
        return db.query("read approval " + id, "SELECT " + COLUMNS + " FROM approvals WHERE id=?", ps -> ps.setString(1, id),
                ApprovalTable::map).stream().findFirst().map(r -> r.withApprovals(approvers(id)));
    }

    @Override
    public Optional<ApprovalRequest> byLarkInstance(String instanceCode) {
        return db.query("read approval of Lark instance", "SELECT id FROM approvals WHERE lark_instance=?", ps -> ps.setString(1, instanceCode),
                rs -> rs.getString(1)).stream().findFirst().flatMap(this::byId);
    }

    /** Who approved request {@code id} so far, in the order they did. */
    private List<String> approvers(String id) {
        return db.query("read approvals of " + id, "SELECT user_id FROM approval_votes WHERE request_id=? ORDER BY at_ms, user_id",
                ps -> ps.setString(1, id), rs -> rs.getString(1));
    }

    @Override
    public Vote approve(String id, String user, Instant at) {
        // one write transaction (BEGIN IMMEDIATE; the advisory lock on PostgreSQL): count and decide see every vote
        return db.transaction("approve " + id, c -> {
            String requester;
            int required;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, requester, required FROM approvals WHERE id=?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !"PENDING".equals(rs.getString(1))) {
                        return new Vote(VoteOutcome.NOT_PENDING, 0, 0);
                    }
                    requester = rs.getString(2);
                    required = Math.max(1, rs.getInt(3));
                }
            }
            if (user.equals(requester)) {
                return new Vote(VoteOutcome.REQUESTER, 0, required);
            }
            int added;
            {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO approval_votes(request_id, user_id, at_ms) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, id);
                    ps.setString(2, user);
                    ps.setLong(3, at.toEpochMilli());
                    added = ps.executeUpdate();
                }
            }
            int count;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM approval_votes WHERE request_id=? AND user_id<>?")) {
                ps.setString(1, id);
                ps.setString(2, requester);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                }
            }
            if (added == 0) {
                return new Vote(VoteOutcome.ALREADY_COUNTED, count, required);
            }
            if (count < required) {
                return new Vote(VoteOutcome.COUNTED, count, required);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE approvals SET status='APPROVED', decided_by=?, decided_ms=? WHERE id=? AND status='PENDING'")) {
                ps.setString(1, user);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, id);
                return ps.executeUpdate() == 1 ? new Vote(VoteOutcome.QUORUM, count, required) : new Vote(VoteOutcome.NOT_PENDING, count, required);
            }
        });
    }

    @Override
    public Optional<ApprovalRequest> pendingFor(ServiceName service, Env env) {
        return db.query("read pending approvals", "SELECT " + COLUMNS + " FROM approvals WHERE service=? AND env=? AND status='PENDING'",
                ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.tag());
                }, ApprovalTable::map).stream().findFirst();
    }

    @Override
    public boolean transition(String id, ApprovalRequest.Status from, ApprovalRequest.Status to, String by, Instant at) {
        return db.update("decide approval " + id, "UPDATE approvals SET status=?, decided_by=?, decided_ms=? WHERE id=? AND status=?", ps -> {
            ps.setString(1, to.name());
            ps.setString(2, by);
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, id);
            ps.setString(5, from.name());
        }) == 1;
    }

    @Override
    public void cardMessage(String id, String messageId) {
        db.update("store approval card id", "UPDATE approvals SET card_message_id=? WHERE id=?", ps -> {
            ps.setString(1, messageId);
            ps.setString(2, id);
        });
    }

    @Override
    public boolean resummarise(String id, String summary) {
        return db.update("reschedule approval " + id, "UPDATE approvals SET summary=? WHERE id=? AND status='PENDING'", ps -> {
            ps.setString(1, summary);
            ps.setString(2, id);
        }) == 1;
    }

    @Override
    public void finish(String id, ApprovalRequest.Status status, String result) {
        db.update("finish approval " + id, "UPDATE approvals SET status=?, result=? WHERE id=? AND status='APPROVED'", ps -> {
            ps.setString(1, status.name());
            ps.setString(2, result.length() > 2000 ? result.substring(0, 2000) : result);
            ps.setString(3, id);
        });
    }

    @Override
    public List<ApprovalRequest> pendingExpiredAt(Instant now) {
        return db.query("read expired approvals", "SELECT " + COLUMNS + " FROM approvals WHERE status='PENDING' AND expires_ms<=?",
                ps -> ps.setLong(1, now.toEpochMilli()), ApprovalTable::map);
    }

    @Override
    public List<ApprovalRequest> withStatus(ApprovalRequest.Status status) {
        return db.query("read approvals by status", "SELECT " + COLUMNS + " FROM approvals WHERE status=? ORDER BY created_ms",
                ps -> ps.setString(1, status.name()), ApprovalTable::map);
    }

    @Override
    public Set<Digest> pendingDigests() {
        return new HashSet<>(db.query("read pending approval digests", "SELECT digest FROM approvals WHERE status IN ('PENDING','APPROVED')",
                ps -> { }, rs -> Digest.parse(rs.getString(1))));
    }

    private static ApprovalRequest map(ResultSet rs) throws SQLException {
        String running = rs.getString("running_before");
        long decided = rs.getLong("decided_ms");
        Optional<Instant> decidedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(decided));
        return new ApprovalRequest(rs.getString("id"), new ServiceName(rs.getString("service")), Env.parse(rs.getString("env")), rs.getLong("release_id"),
                Digest.parse(rs.getString("digest")), rs.getString("version"), rs.getString("plan_json"),
                running.isEmpty() ? List.of() : Arrays.asList(running.split(",")), rs.getString("summary"), rs.getString("requester"),
                rs.getString("chat"), Instant.ofEpochMilli(rs.getLong("created_ms")), Instant.ofEpochMilli(rs.getLong("expires_ms")),
                ApprovalRequest.Status.valueOf(rs.getString("status")), Optional.ofNullable(rs.getString("decided_by")), decidedAt,
                Optional.ofNullable(rs.getString("card_message_id")), rs.getString("result"), rs.getInt("canary_percent"),
                rs.getInt("required"), List.of(), Optional.ofNullable(rs.getString("lark_instance")));
    }
}
