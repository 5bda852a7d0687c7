package com.larkops.store;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.pipeline.Freeze;
import com.larkops.pipeline.Guards;
import com.larkops.pipeline.Hold;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Holds, freezes and seen pushes in the database. "*" stores "every service" / "both environments". */
public final class GuardTable implements Guards {
    private static final String ALL = "*";
    private final Database db;
    /** When a row is stamped (cancelled, failed, lifted): the clock the rest of the bot reads. */
    private final java.time.Clock clock;

    public GuardTable(Database db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void hold(Hold h) {
        db.update("record a hold", "INSERT INTO holds(service, env, digest, held_by, since_ms, reason) VALUES (?,?,?,?,?,?) "
                + "ON CONFLICT(service, env) DO UPDATE SET digest=excluded.digest, held_by=excluded.held_by, "
                + "since_ms=excluded.since_ms, reason=excluded.reason",
                ps -> {
                    ps.setString(1, h.service().value());
                    ps.setString(2, h.env().name());
                    ps.setString(3, h.digest());
                    ps.setString(4, h.by());
                    ps.setLong(5, h.since().toEpochMilli());
                    ps.setString(6, h.reason());
                });
    }

    @Override
    public boolean release(ServiceName service, Env env) {
        return db.update("lift a hold", "DELETE FROM holds WHERE service=? AND env=?", ps -> {
            ps.setString(1, service.value());
            ps.setString(2, env.name());
        }) > 0;
    }

    @Override
    public Optional<Hold> hold(ServiceName service, Env env) {
        return db.query("read a hold", "SELECT service, env, digest, held_by, since_ms, reason FROM holds WHERE service=? AND env=?",
                ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.name());
                }, GuardTable::hold).stream().findFirst();
    }

    @Override
    public List<Hold> holds() {
        return db.query("read holds", "SELECT service, env, digest, held_by, since_ms, reason FROM holds ORDER BY service, env",
                ps -> { }, GuardTable::hold);
    }

    @Override
    public Freeze freeze(Freeze f) {
        long id = db.insert("record a freeze",
                "INSERT INTO freezes(service, env, frozen_by, since_ms, until_ms, reason) VALUES (?,?,?,?,?,?)", ps -> {
                    ps.setString(1, f.service().map(ServiceName::value).orElse(ALL));
                    ps.setString(2, f.env().map(Env::name).orElse(ALL));
                    ps.setString(3, f.by());
                    ps.setLong(4, f.since().toEpochMilli());
                    if (f.until().isPresent()) {
                        ps.setLong(5, f.until().get().toEpochMilli());
                    } else {
                        ps.setNull(5, Types.INTEGER);
                    }
                    ps.setString(6, f.reason());
                });
        return new Freeze(id, f.service(), f.env(), f.by(), f.since(), f.until(), f.reason());
    }

    @Override
    public List<Freeze> unfreeze(Optional<ServiceName> service, Optional<Env> env) {
        return db.transaction("lift freezes", c -> {
            List<Freeze> lifted = new java.util.ArrayList<>();
            String where = "lifted_ms IS NULL AND service=?" + (env.isPresent() ? " AND env=?" : "");
            try (var ps = c.prepareStatement("SELECT id, service, env, frozen_by, since_ms, until_ms, reason FROM freezes WHERE " + where)) {
                ps.setString(1, service.map(ServiceName::value).orElse(ALL));
                if (env.isPresent()) {
                    ps.setString(2, env.get().name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lifted.add(freeze(rs));
                    }
                }
            }
            try (var ps = c.prepareStatement("UPDATE freezes SET lifted_ms=? WHERE id=?")) {
                for (Freeze f : lifted) {
                    ps.setLong(1, clock.millis());
                    ps.setLong(2, f.id());
                    ps.executeUpdate();
                }
            }
            return lifted;
        });
    }

    @Override
    public List<Freeze> freezes(Instant now) {
        return db.query("read freezes", "SELECT id, service, env, frozen_by, since_ms, until_ms, reason FROM freezes "
                        + "WHERE lifted_ms IS NULL AND (until_ms IS NULL OR until_ms > ?) ORDER BY id",
                ps -> ps.setLong(1, now.toEpochMilli()), GuardTable::freeze);
    }

    @Override
    public boolean firstPush(String repository, Digest digest, String tag, Instant at) {
        return db.update("record a push", "INSERT INTO pushes(repository, digest, tag, first_ms) VALUES (?,?,?,?) ON CONFLICT(repository, digest) DO NOTHING", ps -> {
            ps.setString(1, repository);
            ps.setString(2, digest.value());
            ps.setString(3, tag);
            ps.setLong(4, at.toEpochMilli());
        }) == 1;
    }

    @Override
    public Optional<Instant> pushedAt(String repository, Digest digest) {
        return db.query("read a push", "SELECT first_ms FROM pushes WHERE repository=? AND digest=?", ps -> {
            ps.setString(1, repository);
            ps.setString(2, digest.value());
        }, rs -> Instant.ofEpochMilli(rs.getLong(1))).stream().findFirst();
    }

    @Override
    public java.util.Map<Digest, String> pushedTags(String repository, int limit) {
        java.util.Map<Digest, String> out = new java.util.LinkedHashMap<>();
        db.query("read pushed tags", "SELECT digest, tag FROM pushes WHERE repository=? ORDER BY first_ms DESC LIMIT ?", ps -> {
            ps.setString(1, repository);
            ps.setInt(2, limit);
        }, rs -> out.put(Digest.parse(rs.getString(1)), rs.getString(2)));
        return out;
    }

    @Override
    public void awaitSignature(String repository, Digest digest, String tag, Instant at) {
        db.update("record a push waiting for its signature", "INSERT INTO unsigned_pushes(repository, digest, tag, refused_ms) "
                + "VALUES (?,?,?,?) ON CONFLICT(repository, digest) DO UPDATE SET tag=excluded.tag, refused_ms=excluded.refused_ms", ps -> {
                    ps.setString(1, repository);
                    ps.setString(2, digest.value());
                    ps.setString(3, tag);
                    ps.setLong(4, at.toEpochMilli());
                });
    }

    @Override
    public java.util.Map<Digest, String> awaitingSignature(String repository) {
        java.util.Map<Digest, String> out = new java.util.LinkedHashMap<>();
        db.query("read pushes waiting for a signature", "SELECT digest, tag FROM unsigned_pushes WHERE repository=? ORDER BY refused_ms",
                ps -> ps.setString(1, repository), rs -> out.put(Digest.parse(rs.getString(1)), rs.getString(2)));
        return out;
    }

    @Override
    public boolean stopAwaitingSignature(String repository, Digest digest) {
        return db.update("forget a push waiting for its signature", "DELETE FROM unsigned_pushes WHERE repository=? AND digest=?", ps -> {
            ps.setString(1, repository);
            ps.setString(2, digest.value());
        }) == 1;
    }

    private static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(new ServiceName(rs.getString(1)), Env.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6));
    }

    private static Freeze freeze(ResultSet rs) throws SQLException {
        String service = rs.getString(2);
        String env = rs.getString(3);
        long until = rs.getLong(6);
        Optional<Instant> untilAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
        return new Freeze(rs.getLong(1), ALL.equals(service) ? Optional.empty() : Optional.of(new ServiceName(service)),
                ALL.equals(env) ? Optional.empty() : Optional.of(Env.valueOf(env)), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), untilAt, rs.getString(7));
    }
}
