package com.larkops.store;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.ReleaseHistory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Release history in SQLite: every attempt, its outcome, and when it became known-good. */
public final class ReleaseStore implements ReleaseHistory {
    private static final String COLUMNS = "id, service, env, version, digest, image, kind, actor, chat, started_ms, "
            + "finished_ms, outcome, detail, container_id, healthy_ms, known_good_ms";

    private final Database db;
    /** When a row is stamped (cancelled, failed, lifted): the clock the rest of the bot reads. */
    private final java.time.Clock clock;

    public ReleaseStore(Database db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Release begin(NewRelease r, Release.Outcome initial) {
        long id = db.insert("record release of " + r.service(),
                "INSERT INTO releases(service, env, version, digest, image, kind, actor, chat, started_ms, outcome) VALUES (?,?,?,?,?,?,?,?,?,?)",
                ps -> {
                    ps.setString(1, r.service().value());
                    ps.setString(2, r.env().tag());
                    ps.setString(3, r.version());
                    ps.setString(4, r.digest().value());
                    ps.setString(5, r.image());
                    ps.setString(6, r.kind().name());
                    ps.setString(7, r.actor());
                    ps.setString(8, r.chat());
                    ps.setLong(9, r.startedAt().toEpochMilli());
                    ps.setString(10, initial.name());
                });
        return byId(id).orElseThrow();
    }

    @Override
    public void live(long id, String container, Instant healthyAt) {
        Release r = byId(id).orElseThrow();
        db.transaction("mark release " + id + " live", c -> {
            try (var ps = c.prepareStatement("UPDATE releases SET outcome=? WHERE service=? AND env=? AND outcome=? AND id<>?")) {
                ps.setString(1, Release.Outcome.SUPERSEDED.name());
                ps.setString(2, r.service().value());
                ps.setString(3, r.env().tag());
                ps.setString(4, Release.Outcome.LIVE.name());
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("UPDATE releases SET outcome=?, finished_ms=?, healthy_ms=?, container_id=? WHERE id=?")) {
                ps.setString(1, Release.Outcome.LIVE.name());
                ps.setLong(2, healthyAt.toEpochMilli());
                ps.setLong(3, healthyAt.toEpochMilli());
                ps.setString(4, container);
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void start(long id, Instant at) {
        db.update("start release " + id, "UPDATE releases SET outcome=?, started_ms=? WHERE id=?", ps -> {
            ps.setString(1, Release.Outcome.IN_PROGRESS.name());
            ps.setLong(2, at.toEpochMilli());
            ps.setLong(3, id);
        });
    }

    @Override
    public void cancel(long id, String detail) {
        db.update("cancel release " + id, "UPDATE releases SET outcome=?, finished_ms=?, detail=? WHERE id=? AND outcome=?", ps -> {
            ps.setString(1, Release.Outcome.CANCELLED.name());
            ps.setLong(2, clock.millis());
            ps.setString(3, detail);
            ps.setLong(4, id);
            ps.setString(5, Release.Outcome.AWAITING_APPROVAL.name());
        });
    }

    @Override
    public void failed(long id, String detail) {
        db.update("mark release " + id + " failed", "UPDATE releases SET outcome=?, finished_ms=?, detail=? WHERE id=?", ps -> {
            ps.setString(1, Release.Outcome.FAILED.name());
            ps.setLong(2, clock.millis());
            ps.setString(3, detail.length() > 4000 ? detail.substring(0, 4000) : detail);
            ps.setLong(4, id);
        });
    }

    @Override
    public void assign(long id, String container) {
        db.update("assign container to release " + id, "UPDATE releases SET container_id=? WHERE id=?", ps -> {
            ps.setString(1, container);
            ps.setLong(2, id);
        });
    }

    @Override
    public boolean knownGood(long id, Instant at) {
        return 1 == db.update("mark release " + id + " known-good", "UPDATE releases SET known_good_ms=? WHERE id=? AND known_good_ms IS NULL",
                ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setLong(2, id);
                });
    }

    @Override
    public Optional<Release> byId(long id) {
        return db.query("read release " + id, "SELECT " + COLUMNS + " FROM releases WHERE id=?", ps -> ps.setLong(1, id),
                ReleaseStore::map).stream().findFirst();
    }

    @Override
    public Optional<Release> live(ServiceName service, Env env) {
        return db.query("read live release", "SELECT " + COLUMNS + " FROM releases WHERE service=? AND env=? AND outcome=? ORDER BY id DESC LIMIT 1",
                ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.tag());
                    ps.setString(3, Release.Outcome.LIVE.name());
                }, ReleaseStore::map).stream().findFirst();
    }

    @Override
    public List<Release> history(ServiceName service, Env env, int limit) {
        return db.query("read history", "SELECT " + COLUMNS + " FROM releases WHERE service=? AND (? IS NULL OR env=?) ORDER BY id DESC LIMIT ?",
                ps -> {
                    ps.setString(1, service.value());
                    if (env == null) {
                        ps.setNull(2, Types.VARCHAR);
                        ps.setNull(3, Types.VARCHAR);
                    } else {
                        ps.setString(2, env.tag());
                        ps.setString(3, env.tag());
                    }
                    ps.setInt(4, limit);
                }, ReleaseStore::map);
    }

    @Override
    public List<Release> knownGood(ServiceName service, Env env, int limit) {
        List<Release> all = db.query("read known-good releases",
                "SELECT " + COLUMNS + " FROM releases WHERE service=? AND env=? AND known_good_ms IS NOT NULL ORDER BY id DESC",
                ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.tag());
                }, ReleaseStore::map);
        java.util.Set<Digest> seen = new java.util.HashSet<>();
        return all.stream().filter(r -> seen.add(r.digest())).limit(limit).toList();
    }

    @Override
    public List<Release> inProgress() {
        return db.query("read in-progress releases", "SELECT " + COLUMNS + " FROM releases WHERE outcome=? ORDER BY id",
                ps -> ps.setString(1, Release.Outcome.IN_PROGRESS.name()), ReleaseStore::map);
    }

    /** Every release, for host and registry retention. */
    public List<Release> all() {
        return db.query("read all releases", "SELECT " + COLUMNS + " FROM releases ORDER BY id", ps -> { }, ReleaseStore::map);
    }

    private static Release map(ResultSet rs) throws SQLException {
        return new Release(rs.getLong("id"), new ServiceName(rs.getString("service")), Env.parse(rs.getString("env")), rs.getString("version"),
                Digest.parse(rs.getString("digest")), rs.getString("image"), Release.Kind.valueOf(rs.getString("kind")),
                rs.getString("actor"), rs.getString("chat"), Instant.ofEpochMilli(rs.getLong("started_ms")),
                instant(rs, "finished_ms"), Release.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
                rs.getString("container_id"), instant(rs, "healthy_ms"), instant(rs, "known_good_ms"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
