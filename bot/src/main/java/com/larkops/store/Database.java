package com.larkops.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite file in {@code LARKOPS_DATA_DIR}: opened in WAL mode, schema migrated at start. One
 * connection, used under this object's lock; the bot and a shell {@code run} share the file through
 * SQLite's own locking (busy timeout 5 s).
 */
public final class Database implements AutoCloseable {
    /** Each entry is one schema version; append, never edit. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at_ms INTEGER NOT NULL,
              actor TEXT NOT NULL,
              chat TEXT NOT NULL,
              command TEXT NOT NULL,
              outcome TEXT NOT NULL,
              detail TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE processed_events (
              event_id TEXT PRIMARY KEY,
              received_ms INTEGER NOT NULL
            );
            CREATE INDEX processed_events_age ON processed_events(received_ms);
            """,
            """
            CREATE TABLE releases (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              version TEXT NOT NULL,
              digest TEXT NOT NULL,
              image TEXT NOT NULL,
              kind TEXT NOT NULL,
              actor TEXT NOT NULL,
              chat TEXT NOT NULL DEFAULT '',
              started_ms INTEGER NOT NULL,
              finished_ms INTEGER,
              outcome TEXT NOT NULL,
              detail TEXT NOT NULL DEFAULT '',
              container_id TEXT,
              healthy_ms INTEGER,
              known_good_ms INTEGER
            );
            CREATE INDEX releases_by_service ON releases(service, env, id);
            CREATE TABLE locks (
              name TEXT PRIMARY KEY,
              holder TEXT NOT NULL,
              owner TEXT NOT NULL,
              since_ms INTEGER NOT NULL,
              heartbeat_ms INTEGER NOT NULL
            );
            """,
            """
            CREATE TABLE approvals (
              id TEXT PRIMARY KEY,
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              release_id INTEGER NOT NULL,
              digest TEXT NOT NULL,
              version TEXT NOT NULL,
              plan_json TEXT NOT NULL,
              running_before TEXT NOT NULL,
              summary TEXT NOT NULL,
              requester TEXT NOT NULL,
              chat TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              expires_ms INTEGER NOT NULL,
              status TEXT NOT NULL,
              decided_by TEXT,
              decided_ms INTEGER,
              card_message_id TEXT,
              result TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX approvals_by_status ON approvals(status, expires_ms);
            """,
            """
            CREATE TABLE prune_plans (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              scope TEXT NOT NULL,
              made_ms INTEGER NOT NULL,
              plan TEXT NOT NULL,
              applied_ms INTEGER
            );
            CREATE INDEX prune_plans_by_scope ON prune_plans(scope, id);
            """,
            """
            CREATE TABLE flags (
              name TEXT PRIMARY KEY,
              rule TEXT NOT NULL,
              updated_by TEXT NOT NULL,
              updated_ms INTEGER NOT NULL
            );
            """,
            """
            CREATE TABLE holds (
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              digest TEXT NOT NULL,
              held_by TEXT NOT NULL,
              since_ms INTEGER NOT NULL,
              reason TEXT NOT NULL,
              PRIMARY KEY (service, env)
            );
            CREATE TABLE freezes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              frozen_by TEXT NOT NULL,
              since_ms INTEGER NOT NULL,
              until_ms INTEGER,
              reason TEXT NOT NULL,
              lifted_ms INTEGER
            );
            CREATE TABLE pushes (
              repository TEXT NOT NULL,
              digest TEXT NOT NULL,
              tag TEXT NOT NULL,
              first_ms INTEGER NOT NULL,
              PRIMARY KEY (repository, digest)
            );
            """,
            """
            ALTER TABLE approvals ADD COLUMN canary_percent INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE locks ADD COLUMN process TEXT NOT NULL DEFAULT '';
            CREATE TABLE accepted_commands (
              event_id TEXT PRIMARY KEY,
              chat TEXT NOT NULL,
              message_id TEXT NOT NULL,
              user_id TEXT NOT NULL,
              text TEXT NOT NULL,
              accepted_ms INTEGER NOT NULL,
              started INTEGER NOT NULL
            );
            """);

    private final Connection connection;
    private final Path file;

    private Database(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    public static Database open(Path dataDir) {
        Path file = dataDir.resolve("larkops.db");
        try {
            Files.createDirectories(dataDir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            Database db = new Database(c, file);
            db.migrate();
            return db;
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open the database at " + file + " (check LARKOPS_DATA_DIR is writable)", e);
        }
    }

    public Path file() {
        return file;
    }

    private synchronized void migrate() throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version=" + (v + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Answers when the file can be queried; used by {@code /healthz}. */
    public void ping() {
        query("ping", "SELECT 1", ps -> { }, rs -> rs.getInt(1));
    }

    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public synchronized int update(String what, String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + file, e);
        }
    }

    public synchronized long insert(String what, String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            binder.bind(ps);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + file, e);
        }
    }

    public synchronized <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + file, e);
        }
    }

    /** Runs {@code work} in one immediate (write-locking) transaction. */
    public synchronized <T> T transaction(String what, Work<T> work) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to protect
        }
    }
}
