package com.larkops.testing;

import com.larkops.config.DatabaseUrl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster from Debian's {@code postgresql} package ({@code initdb} + {@code pg_ctl}), one per
 * test JVM, in a temp dir on a free loopback port with password authentication. initdb refuses to run as
 * root, so as root the cluster runs as user {@code postgres} (via {@code runuser}). Each test asks for
 * its own fresh database with {@link #newDatabase()}. Stopped and deleted when the JVM exits.
 */
public final class TestPostgres {
    public static final String USER = "larkops";
    public static final String PASSWORD = "pg-test-" + UUID.randomUUID().toString().substring(0, 8);

    private static TestPostgres instance;

    private final int port;

    private TestPostgres(int port) {
        this.port = port;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public int port() {
        return port;
    }

    /** A new empty database; returns its {@code LARKOPS_DATABASE_URL}. */
    public String newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
             var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + name;
    }

    public DatabaseUrl newDatabaseUrl() {
        return DatabaseUrl.parse(newDatabase()).orElseThrow();
    }

    private static TestPostgres start() {
        Path bin = binDir();
        try {
            int port = TestRegistry.freePort();
            Path dir = Files.createTempDirectory("larkops-pg");
            Path data = dir.resolve("data");
            Path pwFile = dir.resolve("pw");
            Files.writeString(pwFile, PASSWORD + "\n");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
            }
            run(asCluster(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwFile,
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-sync"), Duration.ofSeconds(120));
            run(asCluster(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c max_connections=50", "start"), Duration.ofSeconds(90));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asCluster(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"),
                            Duration.ofSeconds(30));
                } finally {
                    deleteTree(dir);
                }
            }));
            return new TestPostgres(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL for the tests", e);
        }
    }

    /** The newest installed server version's binaries. */
    private static Path binDir() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + base + " (apt-get install postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL server binaries not found under " + base + " (apt-get install postgresql)", e);
        }
    }

    private static List<String> asCluster(boolean root, String... command) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command.get(command.indexOf("--") + 1) + " failed (" + p.exitValue() + "): "
                        + new String(out));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
