package com.larkops.testing;

import java.nio.file.Path;
import java.sql.DriverManager;

/** Reads the bot's database directly, the way an operator with sqlite3 would. */
public final class Sqlite {
    private Sqlite() {
    }

    /** The first column of the first row, or null. */
    public static String query(Path dataDir, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("larkops.db"));
             var rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Waits until {@code sql}'s first value is {@code expected}; fails with the last value after {@code timeout}. */
    public static void await(Path dataDir, String sql, String expected, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = query(dataDir, sql);
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = query(dataDir, sql);
        }
        if (!expected.equals(last)) {
            throw new AssertionError(sql + ": expected " + expected + " within " + timeout + ", last read " + last);
        }
    }

    /** Changes rows as a crash would have left them; returns how many. */
    public static int update(Path dataDir, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("larkops.db"))) {
            return c.createStatement().executeUpdate(sql);
        }
    }
}
