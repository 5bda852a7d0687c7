package com.larkops.store;

import com.larkops.config.DatabaseUrl;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

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
import java.util.Optional;
import java.util.Properties;

/**
 * The store's database: by default the SQLite file in {@code LARKOPS_DATA_DIR} (WAL mode, busy timeout
 * 5 s), or PostgreSQL when {@code LARKOPS_DATABASE_URL} is set, so bot replicas on several nodes share one
 * store. Same migrations and statements for both; schema migrated at start. On PostgreSQL a pool of connections
 * (HikariCP), so a slow query never holds up webhook dedup; on SQLite one connection, used under this object's
 * lock (see {@link #use}). Processes share the data through the database's own locking.
 */
public final class Database implements AutoCloseable {
    /**
     * Each entry is one schema version; append, never edit.
     *
     * <p>Why this stays hand-written rather than Flyway (issue #23, decided Dec 2026): each version is written once,
     * for SQLite, and {@link #postgres} spells it for PostgreSQL with two replacements, where Flyway wants a file per
     * version per dialect (the schema twice, free to drift apart). The runner is about 50 lines and migrates under
     * the same write lock as every transaction ({@code BEGIN IMMEDIATE}; the advisory lock), which StoreIT proves for
     * replicas starting together on both stores; with Flyway that proof starts over. Installed stores record their
     * version in {@code PRAGMA user_version} / {@code larkops_schema}, so a switch also needs a baseline bridge. And
     * flyway-core 11.8.2 with flyway-database-postgresql adds about 730 KB to the jar. Revisit when a migration
     * needs data rewrites or the dialects' DDL stop being one text.
     */
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
            """,
            """
            CREATE TABLE accepted_pushes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              event_id TEXT NOT NULL UNIQUE,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT NOT NULL,
              accepted_ms INTEGER NOT NULL,
              done_ms INTEGER
            );
            CREATE INDEX accepted_pushes_open ON accepted_pushes(done_ms, id);
            CREATE TABLE unsigned_pushes (
              repository TEXT NOT NULL,
              digest TEXT NOT NULL,
              tag TEXT NOT NULL,
              refused_ms INTEGER NOT NULL,
              PRIMARY KEY (repository, digest)
            );
            """,
            """
            ALTER TABLE accepted_commands ADD COLUMN owner TEXT NOT NULL DEFAULT '';
            """,
            """
            CREATE TABLE posted_actions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              message_id TEXT NOT NULL,
              action TEXT NOT NULL,
              value_json TEXT NOT NULL,
              status TEXT NOT NULL,
              created_ms INTEGER NOT NULL
            );
            CREATE INDEX posted_actions_by_message ON posted_actions(message_id, status);
            """,
            """
            ALTER TABLE approvals ADD COLUMN required INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE approvals ADD COLUMN lark_instance TEXT;
            CREATE INDEX approvals_by_lark_instance ON approvals(lark_instance);
            CREATE TABLE approval_votes (
              request_id TEXT NOT NULL,
              user_id TEXT NOT NULL,
              at_ms INTEGER NOT NULL,
              PRIMARY KEY (request_id, user_id)
            );
            """,
            """
            CREATE TABLE schedules (
              id TEXT PRIMARY KEY,
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              digest TEXT NOT NULL,
              version TEXT NOT NULL,
              image TEXT NOT NULL,
              due_ms INTEGER NOT NULL,
              requester TEXT NOT NULL,
              chat TEXT NOT NULL,
              card_message_id TEXT,
              approval_id TEXT,
              status TEXT NOT NULL,
              result TEXT NOT NULL,
              created_ms INTEGER NOT NULL
            );
            CREATE INDEX schedules_by_status ON schedules(status, due_ms);
            """,
            """
            CREATE TABLE leases (
              name TEXT PRIMARY KEY,
              holder TEXT NOT NULL,
              process TEXT NOT NULL,
              since_ms INTEGER NOT NULL,
              expires_ms INTEGER NOT NULL
            );
            """,
            """
            CREATE TABLE incidents (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              what TEXT NOT NULL,
              chat TEXT NOT NULL,
              message_id TEXT NOT NULL,
              opened_ms INTEGER NOT NULL,
              healthy_since_ms INTEGER,
              closed_ms INTEGER,
              closed_by TEXT
            );
            CREATE UNIQUE INDEX incidents_one_open ON incidents(service, env) WHERE closed_ms IS NULL;
            CREATE TABLE incident_events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              incident_id INTEGER NOT NULL,
              at_ms INTEGER NOT NULL,
              text TEXT NOT NULL
            );
            CREATE TABLE drift_alerts (
              service TEXT NOT NULL,
              env TEXT NOT NULL,
              fingerprint TEXT NOT NULL,
              message_id TEXT NOT NULL,
              posted_ms INTEGER NOT NULL,
              PRIMARY KEY (service, env, fingerprint)
            );
            CREATE TABLE news_threads (
              chat TEXT NOT NULL,
              topic TEXT NOT NULL,
              message_id TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              PRIMARY KEY (chat, topic)
            );
            """);

    /** The one key every larkops process takes for migrations and write transactions on PostgreSQL. */
    private static final long WRITE_LOCK_KEY = 0x6c61726b6f7073L; // "larkops"

    /** The two stores: the same schema and statements, differing only in how types and locking are spelled. */
    enum Dialect { SQLITE, POSTGRESQL }

    /** PostgreSQL connections per process: room for a slow query beside dedup and heartbeats; more would only queue at the write lock. */
    private static final int POOL_SIZE = 4;

    private final Dialect dialect;
    private final String where;
    private final Connector connector; // SQLite
    private final HikariDataSource pool; // PostgreSQL
    private Connection connection;

    private interface Connector {
        Connection connect() throws SQLException;
    }

    private Database(Dialect dialect, String where, Connector connector) throws SQLException {
        this.dialect = dialect;
        this.where = where;
        this.connector = connector;
        this.pool = null;
        this.connection = connector.connect();
    }

    private Database(String where, HikariDataSource pool) {
        this.dialect = Dialect.POSTGRESQL;
        this.where = where;
        this.connector = null;
        this.pool = pool;
    }

    /** PostgreSQL when {@code LARKOPS_DATABASE_URL} is set, otherwise the SQLite file in the data dir. */
    public static Database open(Path dataDir, Optional<DatabaseUrl> url) {
        return url.map(Database::open).orElseGet(() -> open(dataDir));
    }

    public static Database open(Path dataDir) {
        Path file = dataDir.resolve("larkops.db");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot open the database at " + file + " (check LARKOPS_DATA_DIR is writable)", e);
        }
        // Processes opening a fresh file together race to switch it to WAL (SQLite reports I/O errors on the
        // journal the other one just removed): a second attempt finds the mode set.
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Database db = new Database(Dialect.SQLITE, file.toString(), () -> {
                    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout=5000");
                        s.execute("PRAGMA journal_mode=WAL");
                        s.execute("PRAGMA synchronous=NORMAL");
                        s.execute("PRAGMA foreign_keys=ON");
                    } catch (SQLException e) {
                        c.close();
                        throw e;
                    }
                    return c;
                });
                try {
                    db.migrate();
                } catch (SQLException e) {
                    db.close();
                    throw e;
                }
                return db;
            } catch (SQLException e) {
                last = e;
                sleepQuietly(50L * (attempt + 1));
            }
        }
        throw new StoreException("cannot open the database at " + file + " (check LARKOPS_DATA_DIR is writable)", last);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A shared PostgreSQL database; several bot replicas (and shells) may use it at once. */
    public static Database open(DatabaseUrl url) {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "larkops");
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        HikariConfig config = new HikariConfig();
        config.setPoolName("larkops-store");
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password().reveal());
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000); // waiting for a free connection: as long as for a new one
        Database db = null;
        try {
            db = new Database(url.describe(), new HikariDataSource(config)); // fails here when the server cannot be reached
            db.migrate();
            return db;
        } catch (SQLException | HikariPool.PoolInitializationException e) {
            if (db != null) {
                db.close();
            }
            Throwable cause = e instanceof HikariPool.PoolInitializationException && e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the database " + url.describe()
                    + " (check LARKOPS_DATABASE_URL: server up, user, password, database exists): " + cause.getMessage(), e);
        }
    }

    /** The SQLite file, or the PostgreSQL database (without password), for messages. */
    public String where() {
        return where;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Whether other processes on other hosts write to this store too (PostgreSQL): memory alone never decides. */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** SQL for "now" in epoch milliseconds on the database's own clock, so processes on several hosts agree. */
    public String nowMillisSql() {
        return dialect == Dialect.SQLITE ? "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)"
                : "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }

    private void migrate() throws SQLException {
        use(c -> {
            if (dialect == Dialect.SQLITE) {
                migrateSqlite(c);
            } else {
                migratePostgres(c);
            }
            return null;
        });
    }

    /** All versions in one immediate transaction, so a bot and a shell opening a fresh file together migrate once. */
    private void migrateSqlite(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                for (int v = version; v < MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v).split(";")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                    s.execute("PRAGMA user_version=" + (v + 1));
                }
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /** All versions in one transaction under the write lock, so replicas starting together migrate once. */
    private void migratePostgres(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEY + ")");
            s.execute("CREATE TABLE IF NOT EXISTS larkops_schema (version INTEGER NOT NULL)");
            int version;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM larkops_schema")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            for (int v = version; v < MIGRATIONS.size(); v++) {
                for (String sql : MIGRATIONS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(postgres(sql));
                    }
                }
                s.execute("INSERT INTO larkops_schema(version) VALUES (" + (v + 1) + ")");
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The migrations are written for SQLite; PostgreSQL needs 64-bit integers (epoch millis) and its own serial ids. */
    static String postgres(String sqliteDdl) {
        return sqliteDdl.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
                .replaceAll("\\bINTEGER\\b", "BIGINT");
    }

    /** Answers when the database can be queried; used by {@code /healthz}. */
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

    public int update(String what, String sql, Binder binder) {
        try {
            return use(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    public long insert(String what, String sql, Binder binder) {
        try {
            return use(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    binder.bind(ps);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        return keys.next() ? keys.getLong(1) : -1L;
                    }
                }
            });
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    public <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
        try {
            return use(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<T> out = new java.util.ArrayList<>();
                        while (rs.next()) {
                            out.add(mapper.map(rs));
                        }
                        return out;
                    }
                }
            });
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction that holds the store's write lock: SQLite's {@code BEGIN IMMEDIATE},
     * or on PostgreSQL a transaction-scoped advisory lock that every larkops process takes. Either way no two
     * such transactions interleave, in this process or another, so read-then-write (locks) is atomic.
     */
    public <T> T transaction(String what, Work<T> work) {
        try {
            return use(c -> {
                if (dialect == Dialect.SQLITE) {
                    try (Statement s = c.createStatement()) {
                        s.execute("BEGIN IMMEDIATE");
                    }
                } else {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEY + ")");
                    }
                }
                try {
                    T result = work.run(c);
                    end(c, "COMMIT");
                    return result;
                } catch (SQLException | RuntimeException e) {
                    end(c, "ROLLBACK");
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private void end(Connection c, String how) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute(how);
            }
            return;
        }
        try {
            if (how.equals("COMMIT")) {
                c.commit();
            } else {
                c.rollback();
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Runs {@code work} on a connection. PostgreSQL: one borrowed from the pool for this call, so calls run side by
     * side (a connection lost to a network error or server restart is dropped by the pool, the next call gets a new
     * one). SQLite: the one connection, under this object's lock. SQLite lets one writer at a time into the file
     * whatever the connection count, so a pool would only move the wait from this lock into its busy timeout, where a
     * writer gives up after 5 s instead of queueing; and its reads of a local file take microseconds.
     */
    private <T> T use(Work<T> work) throws SQLException {
        if (pool != null) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        }
        synchronized (this) {
            if (connection == null || connection.isClosed()) {
                connection = connector.connect();
            }
            return work.run(connection);
        }
    }

    private StoreException failed(String what, SQLException e) {
        // the operation's name is a value, as in the log; the sentence around it is the user's language
        return new StoreException(com.larkops.i18n.Msg.of("app.store.failed", what, where), e);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            return;
        }
        synchronized (this) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException e) {
                // closing at shutdown: nothing left to protect
            }
        }
    }
}
