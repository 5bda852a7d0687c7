package com.larkops.selfcheck;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The engine as the docker CLI shows it: the bot's containers on the check's network, their state, kill -9. */
final class Engine {
    private final String network;

    Engine(String network) {
        this.network = network;
    }

    /** A bot container: name, version label, digest label, running. */
    record Bot(String id, String name, String version, String digest, boolean running) {
    }

    List<Bot> bots() {
        String ids = docker("ps", "-aq", "--filter", "label=larkops.service=larkops", "--filter", "label=larkops.env=staging").strip();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> args = new java.util.ArrayList<>(List.of("inspect", "-f",
                "{{.Id}} {{.Name}} {{index .Config.Labels \"larkops.version\"}} {{index .Config.Labels \"larkops.digest\"}} {{.State.Running}}"));
        args.addAll(Arrays.asList(ids.split("\\s+")));
        return docker(args.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).map(l -> l.split(" "))
                .map(f -> new Bot(f[0], f[1].replaceFirst("^/", ""), f[2], f[3], Boolean.parseBoolean(f[4]))).toList();
    }

    Optional<Bot> running(String version) {
        return bots().stream().filter(b -> b.running() && b.version().equals(version)).findFirst();
    }

    Bot theOneRunning() {
        List<Bot> running = bots().stream().filter(Bot::running).toList();
        if (running.size() != 1) {
            throw new AssertionError("expected exactly one running bot container, found " + running);
        }
        return running.get(0);
    }

    boolean runningNow(String id) {
        return docker("inspect", "-f", "{{.State.Running}}", id).strip().equals("true");
    }

    boolean routed(String id) {
        String aliases = docker("inspect", "-f", "{{with index .NetworkSettings.Networks \"" + network + "\"}}{{.Aliases}}{{end}}", id);
        return aliases.contains("larkops-staging");
    }

    String logs(String id) {
        return docker("logs", id);
    }

    List<String> mounts(String id) {
        return docker("inspect", "-f", "{{range .Mounts}}{{.Destination}} {{end}}", id).strip().lines()
                .flatMap(l -> Arrays.stream(l.split(" "))).toList();
    }

    void kill9(String id) {
        docker("kill", "-s", "KILL", id);
    }

    String frontAddress() {
        return docker("port", "larkops-front", "80/tcp").lines().findFirst().orElseThrow().strip();
    }

    static void await(String what, Duration timeout, long everyMs, BooleanSupplier ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ok.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(everyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    static String docker(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "docker";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + ": " + out.strip());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
