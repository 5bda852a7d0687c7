package com.larkops.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds tiny service images FROM scratch with the static busybox and pushes them to a registry,
 * through the docker CLI: a test fixture, not product code. A healthy image serves {@code /healthz}
 * and {@code /version} with busybox httpd on port 8080; a broken one serves no {@code /healthz}.
 */
public final class TestImages {
    private TestImages() {
    }

    /**
     * CUSTOM: serves /healthz like HEALTHY, but the extra Dockerfile lines bring their own ENTRYPOINT. GATED: at every
     * start serves no /healthz until the file {@code /www/open} appears (a test writes it with {@link #openGate}), so a
     * test can look at a change while its health gate waits, as long as it likes.
     */
    public enum Kind { HEALTHY, BROKEN, CRASHING, CUSTOM, GATED }

    /** The GATED kind's entry point: forgets an earlier opening, then answers /healthz once /www/open exists. */
    static final String GATED_ENTRYPOINT = "/bin/busybox rm -f /www/healthz /www/open; "
            + "(while [ ! -f /www/open ]; do /bin/busybox sleep 0.1; done; echo ok > /www/healthz) & "
            + "exec /bin/busybox httpd -f -p 8080 -h /www";

    /** Opens the gate of a running GATED container (through the engine, as an operator would). */
    public static void openGate(String container) {
        run(null, "docker", "exec", container, "/bin/busybox", "touch", "/www/open");
    }

    /**
     * Builds and pushes {@code registryHost/repository:tag}; returns the pushed digest ({@code sha256:…}).
     * {@code extraDockerfileLines} are appended to the Dockerfile (LABEL, ENV, HEALTHCHECK…).
     */
    public static String push(String registryHost, String repository, String tag, String version, Kind kind,
                              String... extraDockerfileLines) {
        try {
            Path dir = Files.createTempDirectory("larkops-image");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("version"), version + "\n");
            if (kind == Kind.HEALTHY || kind == Kind.CUSTOM) {
                Files.writeString(www.resolve("healthz"), "ok\n");
            }
            StringBuilder df = new StringBuilder();
            df.append("FROM scratch\n");
            df.append("COPY busybox /bin/busybox\n");
            df.append("COPY www /www\n");
            df.append("LABEL org.opencontainers.image.version=\"").append(version).append("\"\n");
            // a unique build: tests running side by side on one engine never share an image id
            df.append("LABEL test.larkops-build=\"").append(java.util.UUID.randomUUID()).append("\"\n");
            for (String line : extraDockerfileLines) {
                df.append(line).append('\n');
            }
            if (kind == Kind.CRASHING) {
                df.append("ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"echo starting; exit 3\"]\n");
            } else if (kind == Kind.GATED) {
                df.append("ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\", \"").append(GATED_ENTRYPOINT).append("\"]\n");
            } else if (kind != Kind.CUSTOM) {
                df.append("ENTRYPOINT [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
            }
            Files.writeString(dir.resolve("Dockerfile"), df.toString());
            String ref = registryHost + "/" + repository + ":" + tag;
            // --no-cache: ITs build side by side in several JVMs, and one removes its images by id; a cached
            // build would share image ids and intermediate layers with another JVM's and lose them mid-build
            run(dir, "docker", "build", "-q", "--no-cache", "-t", ref, ".");
            run(dir, "docker", "push", "-q", ref);
            String repoDigests = run(dir, "docker", "image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", ref);
            for (String line : repoDigests.split("\n")) {
                if (line.startsWith(registryHost + "/" + repository + "@")) {
                    return line.substring(line.indexOf('@') + 1).trim();
                }
            }
            throw new IllegalStateException("no repo digest for " + ref + " in " + repoDigests);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts {@code fromRepository:tag} under {@code toRepository} too (same tag), through the registry alone: its
     * blobs mounted across, the same manifest bytes put, so the same digest; nothing local, so a bot still pulls.
     * Returns the digest.
     */
    public static String copy(String registryHost, String fromRepository, String tag, String toRepository) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://" + registryHost + "/v2/";
            var got = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + fromRepository + "/manifests/" + tag))
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            expect(got, 200, "get " + fromRepository + ":" + tag);
            var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.body());
            List<String> blobs = new ArrayList<>(List.of(manifest.path("config").path("digest").asText()));
            manifest.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
            for (String blob : blobs) {
                expect(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + toRepository
                                + "/blobs/uploads/?mount=" + blob + "&from=" + fromRepository))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray()), 201, "mount " + blob + " into " + toRepository);
            }
            var put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + toRepository + "/manifests/" + tag))
                    .header("Content-Type", got.headers().firstValue("Content-Type").orElseThrow())
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(got.body())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            expect(put, 201, "put " + toRepository + ":" + tag);
            return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(java.net.http.HttpResponse<byte[]> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    /** Runs a command, returns stdout, fails the test with the output when it exits non-zero. */
    public static String run(Path dir, String... command) {
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            Process p = new ProcessBuilder(cmd).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
