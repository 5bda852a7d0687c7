package com.larkops.store;

import com.larkops.incident.Incident;
import com.larkops.incident.IncidentLog;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Incidents, their timelines and the drift alerts already posted. At most one open incident per service/env (a
 * partial unique index: replicas racing to open one open it once); closing is a compare-and-set on the open row.
 */
public final class IncidentTable implements IncidentLog {
    private static final String COLUMNS = "id, service, env, what, chat, message_id, opened_ms, healthy_since_ms, closed_ms, closed_by";
    private final Database db;

    public IncidentTable(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Incident> open(ServiceName service, Env env, String what, String chat, Instant at) {
        return db.transaction("open an incident of " + service, c -> {
            try (var find = c.prepareStatement("SELECT id FROM incidents WHERE service=? AND env=? AND closed_ms IS NULL")) {
                find.setString(1, service.value());
                find.setString(2, env.name());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        return Optional.<Long>empty();
                    }
                }
            }
            try (var insert = c.prepareStatement("INSERT INTO incidents(service, env, what, chat, message_id, opened_ms) VALUES (?,?,?,?,'',?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, service.value());
                insert.setString(2, env.name());
                insert.setString(3, what.length() > 2000 ? what.substring(0, 2000) : what);
                insert.setString(4, chat);
                insert.setLong(5, at.toEpochMilli());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    return keys.next() ? Optional.of(keys.getLong(1)) : Optional.<Long>empty();
                }
            }
        }).flatMap(this::byId);
    }

    @Override
    public void posted(long id, String messageId) {
        db.update("record an incident's card", "UPDATE incidents SET message_id=? WHERE id=?", ps -> {
            ps.setString(1, messageId);
            ps.setLong(2, id);
        });
    }

    @Override
    public Optional<Incident> openFor(ServiceName service, Env env) {
        return db.query("read the open incident of " + service, "SELECT " + COLUMNS + " FROM incidents WHERE service=? AND env=? AND closed_ms IS NULL",
                ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.name());
                }, IncidentTable::map).stream().findFirst();
    }

    @Override
    public List<Incident> allOpen() {
        return db.query("read the open incidents", "SELECT " + COLUMNS + " FROM incidents WHERE closed_ms IS NULL ORDER BY id", ps -> { },
                IncidentTable::map);
    }

    @Override
    public Optional<Incident> byId(long id) {
        return db.query("read incident " + id, "SELECT " + COLUMNS + " FROM incidents WHERE id=?", ps -> ps.setLong(1, id),
                IncidentTable::map).stream().findFirst();
    }

    @Override
    public void event(long id, Instant at, String text) {
        db.update("record an incident event", "INSERT INTO incident_events(incident_id, at_ms, text) VALUES (?,?,?)", ps -> {
            ps.setLong(1, id);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, text.length() > 2000 ? text.substring(0, 2000) : text);
        });
    }

    @Override
    public List<Incident.Event> events(long id) {
        return db.query("read an incident's timeline", "SELECT at_ms, text FROM incident_events WHERE incident_id=? ORDER BY id",
                ps -> ps.setLong(1, id), rs -> new Incident.Event(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)));
    }

    @Override
    public void healthySince(long id, Optional<Instant> since) {
        db.update("record an incident's recovery", "UPDATE incidents SET healthy_since_ms=? WHERE id=?", ps -> {
            if (since.isPresent()) {
                ps.setLong(1, since.get().toEpochMilli());
            } else {
                ps.setNull(1, java.sql.Types.BIGINT);
            }
            ps.setLong(2, id);
        });
    }

    @Override
    public boolean close(long id, Instant at, String by) {
        return db.update("close incident " + id, "UPDATE incidents SET closed_ms=?, closed_by=? WHERE id=? AND closed_ms IS NULL", ps -> {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, by);
            ps.setLong(3, id);
        }) == 1;
    }

    @Override
    public boolean firstDrift(ServiceName service, Env env, String fingerprint, Instant at) {
        return db.update("record a drift", "INSERT INTO drift_alerts(service, env, fingerprint, message_id, posted_ms) VALUES (?,?,?,'',?) "
                + "ON CONFLICT(service, env, fingerprint) DO NOTHING", ps -> {
                    ps.setString(1, service.value());
                    ps.setString(2, env.name());
                    ps.setString(3, fingerprint);
                    ps.setLong(4, at.toEpochMilli());
                }) == 1;
    }

    @Override
    public void driftCleared(ServiceName service, Env env) {
        db.update("forget a drift", "DELETE FROM drift_alerts WHERE service=? AND env=?", ps -> {
            ps.setString(1, service.value());
            ps.setString(2, env.name());
        });
    }

    private static Incident map(ResultSet rs) throws SQLException {
        long healthy = rs.getLong(8);
        boolean healthyNull = rs.wasNull();
        long closed = rs.getLong(9);
        boolean closedNull = rs.wasNull();
        String by = rs.getString(10);
        return new Incident(rs.getLong(1), new ServiceName(rs.getString(2)), Env.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                healthyNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(healthy)),
                closedNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(closed)), by == null ? "" : by);
    }
}
