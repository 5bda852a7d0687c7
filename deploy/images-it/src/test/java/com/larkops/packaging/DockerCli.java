package com.larkops.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the docker CLI (and the scripts in deploy/) the way an operator would: the thing under test is the
 * Dockerfiles and scripts, so the test drives them exactly as documented, with the classic builder.
 */
final class DockerCli {
    private final Path workDir;

    DockerCli(Path workDir) {
        this.workDir = workDir;
    }

    /** Runs a command; returns stdout (stderr merged) or fails with the whole output. */
    String run(String... command) {
        Result r = tryRun(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    Result tryRun(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
                    .redirectErrorStream(true);
            // The classic builder: what docker-java drives, and no BuildKit-only syntax may creep in.
            pb.environment().putAll(Map.of("DOCKER_BUILDKIT", "0"));
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code docker inspect --format} of one object, trimmed. */
    String inspect(String format, String object) {
        return run("docker", "inspect", "--format", format, object).strip();
    }

    /** Size in bytes of a local image. */
    long imageSize(String image) {
        return Long.parseLong(inspect("{{.Size}}", image));
    }

    record Result(int exit, String output) {
    }
}
