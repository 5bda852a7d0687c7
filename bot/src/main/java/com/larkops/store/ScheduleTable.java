package com.larkops.store;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.release.Target;
import com.larkops.schedule.Schedule;
import com.larkops.schedule.ScheduleStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Scheduled changes in the database; status moves are a conditional UPDATE, so a run and a cancel never both win. */
public final class ScheduleTable implements ScheduleStore {
    private static final String COLUMNS = "id, service, env, digest, version, image, due_ms, requester, chat, card_message_id, "
            + "approval_id, status, result, created_ms";

    private final Database db;

    public ScheduleTable(Database db) {
        this.db = db;
    }

    @Override
    public void create(Schedule s) {
        db.update("store schedule " + s.id(), "INSERT INTO schedules(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ps -> {
            ps.setString(1, s.id());
            ps.setString(2, s.service());
            ps.setString(3, s.env().tag());
            ps.setString(4, s.digest().value());
            ps.setString(5, s.target().version());
            ps.setString(6, s.target().image());
            ps.setLong(7, s.dueAt().toEpochMilli());
            ps.setString(8, s.requester());
            ps.setString(9, s.chat());
            ps.setString(10, s.cardMessageId().orElse(null));
            ps.setString(11, s.approvalId().orElse(null));
            ps.setString(12, s.status().name());
            ps.setString(13, s.result());
            ps.setLong(14, s.createdAt().toEpochMilli());
        });
    }

    @Override
    public Optional<Schedule> byId(String id) {
        return db.query("read schedule " + id, "SELECT " + COLUMNS + " FROM schedules WHERE id=?", ps -> ps.setString(1, id),
                ScheduleTable::map).stream().findFirst();
    }

    @Override
    public List<Schedule> withStatus(Schedule.Status status) {
        return db.query("read schedules", "SELECT " + COLUMNS + " FROM schedules WHERE status=? ORDER BY due_ms, id",
                ps -> ps.setString(1, status.name()), ScheduleTable::map);
    }

    @Override
    public Optional<Schedule> pendingByApproval(String approvalId) {
        return db.query("read a schedule by approval", "SELECT " + COLUMNS + " FROM schedules WHERE approval_id=? AND status=?", ps -> {
            ps.setString(1, approvalId);
            ps.setString(2, Schedule.Status.PENDING.name());
        }, ScheduleTable::map).stream().findFirst();
    }

    @Override
    public void cardMessage(String id, String messageId) {
        db.update("store a schedule's card", "UPDATE schedules SET card_message_id=? WHERE id=?", ps -> {
            ps.setString(1, messageId);
            ps.setString(2, id);
        });
    }

    @Override
    public void approval(String id, String approvalId) {
        db.update("store a schedule's approval", "UPDATE schedules SET approval_id=? WHERE id=?", ps -> {
            ps.setString(1, approvalId);
            ps.setString(2, id);
        });
    }

    @Override
    public boolean transition(String id, Schedule.Status from, Schedule.Status to, String result) {
        return db.update("move schedule " + id, "UPDATE schedules SET status=?, result=? WHERE id=? AND status=?", ps -> {
            ps.setString(1, to.name());
            ps.setString(2, result);
            ps.setString(3, id);
            ps.setString(4, from.name());
        }) == 1;
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        Env env = Env.parse(rs.getString("env"));
        Target target = new Target(rs.getString("service"), env, Digest.parse(rs.getString("digest")), rs.getString("version"),
                rs.getString("image"));
        return new Schedule(rs.getString("id"), target, Instant.ofEpochMilli(rs.getLong("due_ms")), rs.getString("requester"),
                rs.getString("chat"), Optional.ofNullable(rs.getString("card_message_id")), Optional.ofNullable(rs.getString("approval_id")),
                Schedule.Status.valueOf(rs.getString("status")), rs.getString("result"), Instant.ofEpochMilli(rs.getLong("created_ms")));
    }
}
