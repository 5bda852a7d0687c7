package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.LocalImage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.HashSet;

/**
 * A random but coherent history of pushes, deploys, failed deploys, rollbacks, promotions, re-tags and tag
 * deletions over a few services, with the registry, the engine and the release rows it leaves behind.
 * Test data for the planner; it mimics what Deployer does, nothing more.
 */
final class History {
    final Random random;
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    final List<String> services = new ArrayList<>();
    final Map<String, RetentionPolicy> policies = new HashMap<>();
    final Map<String, Map<String, Digest>> tags = new LinkedHashMap<>();  // repo -> tag -> digest
    final Map<Digest, Instant> built = new HashMap<>();
    final Map<String, List<Digest>> pushed = new HashMap<>();             // repo -> digests, oldest first
    final List<Release> releases = new ArrayList<>();
    final List<ContainerState> containers = new ArrayList<>();
    final Set<Digest> pending = new HashSet<>();
    final int keepStopped;
    private int serial;

    History(long seed) {
        random = new Random(seed);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String s = "svc" + i;
            services.add(s);
            policies.put(s, new RetentionPolicy(random.nextInt(4), random.nextInt(20), 1 + random.nextInt(4), random.nextInt(10)));
            tags.put(repo(s), new LinkedHashMap<>());
        }
        keepStopped = 1 + random.nextInt(3);
        int steps = 20 + random.nextInt(100);
        for (int i = 0; i < steps; i++) {
            step();
        }
        if (random.nextBoolean()) {
            deploy(pick(services), Env.values()[random.nextInt(2)], null, Release.Outcome.IN_PROGRESS);
        }
        for (List<Digest> ds : pushed.values()) {
            ds.stream().filter(d -> random.nextInt(8) == 0).forEach(pending::add);
        }
    }

    static String repo(String service) {
        return "team/" + service;
    }

    private void step() {
        now = now.plus(Duration.ofHours(random.nextInt(24 * 6)));
        String s = pick(services);
        switch (random.nextInt(9)) {
            case 0, 1, 2 -> push(s);
            case 3, 4 -> deploy(s, Env.STAGING, null, random.nextInt(6) == 0 ? Release.Outcome.FAILED : Release.Outcome.LIVE);
            case 5 -> promote(s);
            case 6 -> rollback(s, Env.values()[random.nextInt(2)]);
            case 7 -> deleteTag(s);
            default -> containers.removeIf(c -> !c.running() && random.nextInt(3) == 0);
        }
    }

    private void push(String s) {
        Digest d = digest();
        built.put(d, now);
        pushed.computeIfAbsent(repo(s), r -> new ArrayList<>()).add(d);
        String version = "1." + serial + ".0";
        Map<String, Digest> t = tags.get(repo(s));
        t.put(version + "_git." + Integer.toHexString(serial), d);
        t.put(version, d);
        if (random.nextInt(4) == 0) {
            t.put("latest", d);  // moves: the previous latest may become untagged
        }
    }

    private void promote(String s) {
        Digest staging = tags.get(repo(s)).get("staging");
        if (staging != null) {
            deploy(s, Env.PROD, staging, Release.Outcome.LIVE);
        }
    }

    private void rollback(String s, Env env) {
        List<Release> good = releases.stream().filter(r -> r.service().value().equals(s) && r.env() == env && r.isKnownGood()).toList();
        if (!good.isEmpty()) {
            deploy(s, env, good.get(random.nextInt(good.size())).digest(), Release.Outcome.LIVE);
        }
    }

    private void deleteTag(String s) {
        Map<String, Digest> t = tags.get(repo(s));
        List<String> plain = t.keySet().stream().filter(x -> !x.equals("staging") && !x.equals("prod")).toList();
        if (!plain.isEmpty()) {
            t.remove(pick(plain));
        }
    }

    void deploy(String s, Env env, Digest target, Release.Outcome outcome) {
        List<Digest> available = pushed.getOrDefault(repo(s), List.of());
        if (target == null) {
            if (available.isEmpty()) {
                return;
            }
            target = available.get(random.nextInt(available.size()));
        }
        long id = releases.size() + 1;
        String name = s + "-" + env + "-r" + id;
        boolean live = outcome == Release.Outcome.LIVE;
        boolean good = live && random.nextInt(10) < 7;
        if (live) {
            for (int i = 0; i < releases.size(); i++) {
                Release r = releases.get(i);
                if (r.service().value().equals(s) && r.env() == env && r.outcome() == Release.Outcome.LIVE) {
                    releases.set(i, with(r, Release.Outcome.SUPERSEDED));
                }
            }
            for (int i = 0; i < containers.size(); i++) {
                ContainerState c = containers.get(i);
                if (c.running() && s.equals(c.label(Labels.SERVICE)) && env.tag().equals(c.label(Labels.ENV))) {
                    containers.set(i, container(c.name(), s, env, Digest.parse(c.label(Labels.DIGEST)), false, c.created()));
                }
            }
            containers.add(container(name, s, env, target, true, now));
            tags.get(repo(s)).put(env.tag(), target);
        }
        releases.add(new Release(id, new ServiceName(s), env, "v", target, "reg/" + repo(s) + "@" + target, Release.Kind.DEPLOY, "ou_x", "oc",
                now, outcome == Release.Outcome.IN_PROGRESS ? Optional.empty() : Optional.of(now), outcome, "", name,
                live ? Optional.of(now) : Optional.empty(), good ? Optional.of(now) : Optional.empty()));
    }

    private static Release with(Release r, Release.Outcome outcome) {
        return new Release(r.id(), r.service(), r.env(), r.version(), r.digest(), r.image(), r.kind(), r.actor(), r.chat(),
                r.startedAt(), r.finishedAt(), outcome, r.detail(), r.container(), r.healthyAt(), r.knownGoodAt());
    }

    ContainerState container(String name, String s, Env env, Digest d, boolean running, Instant created) {
        return new ContainerState("id-" + name, name, "reg/" + repo(s) + "@" + d, "img-" + d.hex(),
                Map.of(Labels.SERVICE, s, Labels.ENV, env.tag(), Labels.DIGEST, d.value()), running,
                running ? "running" : "exited", running ? null : 0, created, created, running ? null : now, null, false);
    }

    RetentionInputs inputs() {
        List<RepositorySnapshot> snapshots = new ArrayList<>();
        Map<String, Integer> k = new HashMap<>();
        for (String s : services) {
            k.put(s, policies.get(s).keepKnownGood());
            Map<Digest, List<String>> byDigest = new LinkedHashMap<>();
            tags.get(repo(s)).forEach((tag, d) -> byDigest.computeIfAbsent(d, x -> new ArrayList<>()).add(tag));
            List<RegistryImage> images = new ArrayList<>();
            List<LocalImage> local = new ArrayList<>();
            for (Digest d : pushed.getOrDefault(repo(s), List.of())) {
                List<String> t = byDigest.getOrDefault(d, List.of());
                images.add(new RegistryImage(repo(s), d, t, random.nextInt(30) == 0 ? null : built.get(d), 1000L));
                local.add(new LocalImage("img-" + d.hex(), List.of(), List.of("reg/" + repo(s) + "@" + d), built.get(d), 500));
            }
            snapshots.add(new RepositorySnapshot(repo(s), List.of(s), policies.get(s), images, local));
        }
        return new RetentionInputs("all", snapshots, releases, containers, pending, k, keepStopped, now);
    }

    private Digest digest() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return Digest.parse("sha256:" + hex);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
