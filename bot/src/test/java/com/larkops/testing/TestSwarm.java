package com.larkops.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real two-node Docker Swarm that leaves the host's shared engine alone: two extra {@code dockerd}s, each
 * in its own network namespace (own data root, exec root, pid file, socket, bridge and iptables), joined by
 * a veth pair; the first is the manager ({@code zone=a}), the second a worker ({@code zone=b}). Each node
 * pulls from a read-only {@code docker-registry} in its namespace serving {@link TestRegistry}'s storage on
 * the same loopback address and port, so {@code 127.0.0.1:<port>/repo@sha256:…} means the same image on the
 * host and on both nodes. One per test JVM; torn down (swarm left, daemons stopped, namespaces deleted) at exit.
 * Needs root (network namespaces) and the docker.io and docker-registry packages.
 */
public final class TestSwarm {
    private static TestSwarm instance;

    private final Path dir;
    private final String managerSocket;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private TestSwarm(Path dir) {
        this.dir = dir;
        this.managerSocket = "unix://" + dir.resolve("a/docker.sock");
    }

    public static synchronized TestSwarm get() {
        if (instance == null) {
            TestSwarm s = null;
            try {
                s = new TestSwarm(Files.createTempDirectory("lksw"));
                s.start();
                instance = s;
                TestSwarm started = s;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
            } catch (IOException | RuntimeException e) {
                if (s != null) {
                    s.stop();
                }
                throw new IllegalStateException("cannot start the test Swarm: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /** {@code DOCKER_HOST} of the manager. */
    public String dockerHost() {
        return managerSocket;
    }

    /** The docker CLI against the manager; returns stdout, fails with the output. */
    public String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", managerSocket));
        cmd.addAll(List.of(args));
        return run(cmd, Duration.ofMinutes(3));
    }

    /** The docker CLI against one node's own engine ({@code a} manager, {@code b} worker). */
    public String dockerOn(String node, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + dir.resolve(node + "/docker.sock")));
        cmd.addAll(List.of(args));
        return run(cmd, Duration.ofMinutes(1));
    }

    private void start() {
        String id = UUID.randomUUID().toString().substring(0, 6);
        TestRegistry registry = TestRegistry.get();
        Path roConfig = dir.resolve("registry-ro.yml");
        write(roConfig, """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: %s}
                  maintenance: {readonly: {enabled: true}}
                http: {addr: 127.0.0.1:%d}
                """.formatted(registry.configFile().getParent().resolve("storage"), registry.port()));
        String[] nodes = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            String ns = "lksw-" + id + nodes[i];
            run(List.of("ip", "netns", "add", ns), Duration.ofSeconds(10));
            namespaces.add(ns);
            run(List.of("ip", "-n", ns, "link", "set", "lo", "up"), Duration.ofSeconds(10));
        }
        String va = "lk" + id + "a";
        String vb = "lk" + id + "b";
        run(List.of("ip", "link", "add", va, "type", "veth", "peer", "name", vb), Duration.ofSeconds(10));
        run(List.of("ip", "link", "set", va, "netns", namespaces.get(0)), Duration.ofSeconds(10));
        run(List.of("ip", "link", "set", vb, "netns", namespaces.get(1)), Duration.ofSeconds(10));
        // addresses inside namespaces this fixture made: the two nodes talk only to each other
        String[] addr = {"10.213.0.1", "10.213.0.2"};
        String[] dev = {va, vb};
        for (int i = 0; i < 2; i++) {
            run(List.of("ip", "-n", namespaces.get(i), "addr", "add", addr[i] + "/30", "dev", dev[i]), Duration.ofSeconds(10));
            run(List.of("ip", "-n", namespaces.get(i), "link", "set", dev[i], "up"), Duration.ofSeconds(10));
            Path node = dir.resolve(nodes[i]);
            mkdirs(node);
            String netns = "--net=/run/netns/" + namespaces.get(i);
            processes.add(spawn(node.resolve("registry.log"), "nsenter", netns, "docker-registry", "serve", roConfig.toString()));
            processes.add(spawn(node.resolve("dockerd.log"), "nsenter", netns, "unshare", "--uts", "sh", "-c",
                    "hostname lksw-node-" + nodes[i] + " && exec dockerd --data-root " + node.resolve("data")
                            + " --exec-root " + node.resolve("exec") + " --pidfile " + node.resolve("docker.pid")
                            + " -H unix://" + node.resolve("docker.sock") + " --cgroup-parent=lksw-" + id + nodes[i]));
        }
        for (String n : nodes) {
            awaitEngine("unix://" + dir.resolve(n + "/docker.sock"), dir.resolve(n + "/dockerd.log"));
        }
        docker("swarm", "init", "--advertise-addr", addr[0]);
        String token = docker("swarm", "join-token", "-q", "worker").strip();
        run(List.of("docker", "-H", "unix://" + dir.resolve("b/docker.sock"), "swarm", "join", "--token", token,
                "--advertise-addr", addr[1], addr[0] + ":2377"), Duration.ofMinutes(1));
        for (String line : docker("node", "ls", "--format", "{{.ID}} {{.Hostname}}").split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length == 2) {
                docker("node", "update", "--label-add", "zone=" + f[1].substring(f[1].length() - 1), f[0]);
            }
        }
    }

    private synchronized void stop() {
        for (String n : List.of("b", "a")) {
            Path sock = dir.resolve(n + "/docker.sock");
            if (Files.exists(sock)) {
                tryRun(List.of("docker", "-H", "unix://" + sock, "swarm", "leave", "--force"));
            }
        }
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            tryRun(List.of("ip", "netns", "del", ns));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    private static void awaitEngine(String host, Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (tryRun(List.of("docker", "-H", host, "version", "--format", "{{.Server.Version}}"))) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("the test dockerd at " + host + " did not answer; see " + log);
    }

    private static Process spawn(Path log, String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command), e);
        }
    }

    private static boolean tryRun(List<String> command) {
        try {
            run(command, Duration.ofSeconds(30));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(1024 * 1024);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
            }
            return new String(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mkdirs(Path d) {
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
