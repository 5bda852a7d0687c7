package com.larkops.store;

import com.larkops.skill.FlagRule;
import com.larkops.skill.FlagStorage;

import java.time.Instant;
import java.util.List;

/** Feature flags in the {@code flags} table; who changed a flag last is kept here, every change is in the audit log. */
public final class FlagStore implements FlagStorage {
    private final Database db;

    public FlagStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Flag> all() {
        return db.query("read flags", "SELECT name, rule, updated_by, updated_ms FROM flags ORDER BY name", ps -> { },
                rs -> new Flag(rs.getString(1), FlagRule.parse(rs.getString(2)), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4))));
    }

    @Override
    public void set(String name, FlagRule rule, String by, Instant at) {
        db.update("set flag " + name,
                "INSERT INTO flags(name, rule, updated_by, updated_ms) VALUES (?,?,?,?) "
                        + "ON CONFLICT(name) DO UPDATE SET rule=excluded.rule, updated_by=excluded.updated_by, updated_ms=excluded.updated_ms",
                ps -> {
                    ps.setString(1, name);
                    ps.setString(2, rule.toString());
                    ps.setString(3, by);
                    ps.setLong(4, at.toEpochMilli());
                });
    }
}
