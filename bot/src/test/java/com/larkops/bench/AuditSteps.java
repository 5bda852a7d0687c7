package com.larkops.bench;

import java.nio.file.Path;

/** The audit rows of a bench's last timed command, stamped as each step finished, printed for the report. */
final class AuditSteps {
    private AuditSteps() {
    }

    /**
     * Prints up to 12 rows from {@code fromMs} on (ms after it), ending at the first row whose command starts
     * with {@code lastCommand}: a command's own row comes after its steps, and later commands follow.
     */
    static void print(Path dataDir, long fromMs, String title, String lastCommand) {
        System.out.println(title);
        String url = "jdbc:sqlite:" + dataDir.resolve("larkops.db");
        try (var c = java.sql.DriverManager.getConnection(url);
             var q = c.prepareStatement("SELECT at_ms, command, outcome FROM audit WHERE at_ms >= ? ORDER BY id LIMIT 12")) {
            q.setLong(1, fromMs);
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    String command = rs.getString(2);
                    System.out.printf("  +%4d  %s %s%n", rs.getLong(1) - fromMs,
                            command.length() > 90 ? command.substring(0, 90) + "…" : command, rs.getString(3));
                    if (command.startsWith(lastCommand)) {
                        break;
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            System.out.println("  (audit log unreadable: " + e.getMessage() + ")");
        }
    }
}
