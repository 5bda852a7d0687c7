package com.larkops.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command that starts the built jar in a subprocess, as an operator would ({@code java -jar
 * larkops-bot.jar …}), made cheaper to start for tests that start it dozens of times: a class-data archive
 * of the jar's classes (made once per build, by whichever test JVM asks first, from a {@code run /help}) and
 * the quick JIT tier only. Both are JVM start-up options: what the jar does is unchanged. Without an archive
 * (it could not be made) the plain command is used.
 */
public final class BotJar {
    private static Path archive;
    private static boolean tried;

    private BotJar() {
    }

    public static Path jar() {
        return Path.of("target", "larkops-bot.jar").toAbsolutePath();
    }

    /** {@code java [fast start options] -jar target/larkops-bot.jar} followed by {@code args}. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        archive().ifPresent(a -> cmd.addAll(List.of("-XX:SharedArchiveFile=" + a, "-XX:TieredStopAtLevel=1", "-Xlog:disable")));
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static synchronized java.util.Optional<Path> archive() {
        if (!tried) {
            tried = true;
            archive = make();
        }
        return java.util.Optional.ofNullable(archive);
    }

    /**
     * One archive per build beside the jar, shared by the test JVMs that run side by side: the first takes the
     * lock and writes it aside, then moves it in place; the others wait on the lock and find it made. An
     * archive older than the jar is made again.
     */
    private static Path make() {
        Path made = jar().resolveSibling("bot-cds.jsa");
        try (var channel = java.nio.channels.FileChannel.open(jar().resolveSibling("bot-cds.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            if (Files.isRegularFile(made) && Files.getLastModifiedTime(made).compareTo(Files.getLastModifiedTime(jar())) > 0) {
                return made;
            }
            return dump(made);
        } catch (Exception e) {
            return null;
        }
    }

    private static Path dump(Path made) {
        try {
            Path dir = Files.createTempDirectory("botjar-cds");
            Files.writeString(dir.resolve("larkops.yaml"), """
                    registry: 127.0.0.1:1
                    services:
                      echo:
                        repository: cds/echo
                        port: 8080
                        health: /healthz
                    """);
            Path partial = dir.resolve("partial.jsa");
            ProcessBuilder pb = new ProcessBuilder(java(), "-XX:ArchiveClassesAtExit=" + partial, "-Xlog:disable",
                    "-jar", jar().toString(), "run", "/help").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LARKOPS_DATA_DIR", dir.resolve("data").toString());
            pb.environment().put("LARKOPS_CONFIG", dir.resolve("larkops.yaml").toString());
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(partial)) {
                p.destroyForcibly();
                return null;
            }
            return Files.move(partial, made, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            return null;
        }
    }
}
