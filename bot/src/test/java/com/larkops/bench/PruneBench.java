package com.larkops.bench;

import com.larkops.config.RetentionPolicy;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.retention.PrunePlan;
import com.larkops.retention.RegistryImage;
import com.larkops.retention.RepositorySnapshot;
import com.larkops.retention.RetentionInputs;
import com.larkops.retention.RetentionPlanner;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.LocalImage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Planning time over a registry of 10,000 tags in 50 repositories (two tags per digest, env tags, 40 releases
 * and a few containers per service), excluding network: the inputs are built in memory. Target: under 1 s.
 * Run: mvn -o -B -q -pl bot test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.larkops.bench.PruneBench
 */
public final class PruneBench {
    private static final int REPOSITORIES = 50;
    private static final int TAGS_PER_REPOSITORY = 200;

    public static void main(String[] args) {
        Random random = new Random(42);
        Instant now = Instant.parse("2024-06-01T00:00:00Z");
        RetentionInputs inputs = inputs(random, now);
        int tags = inputs.repositories().stream().mapToInt(r -> r.images().stream().mapToInt(i -> i.tags().size()).sum()).sum();
        for (int i = 0; i < 5; i++) {
            RetentionPlanner.plan(inputs); // warm-up: JIT
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        int runs = 10;
        PrunePlan plan = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            plan = RetentionPlanner.plan(inputs);
            long took = System.nanoTime() - t0;
            best = Math.min(best, took);
            total += took;
        }
        long describe0 = System.nanoTime();
        int textLength = plan.describe().length();
        long describeTook = System.nanoTime() - describe0;
        System.out.printf("PruneBench: %d tags, %d manifests in %d repositories, %d releases, %d containers%n", tags,
                plan.registry().size(), REPOSITORIES, inputs.releases().size(), inputs.containers().size());
        System.out.printf("planning: best %.1f ms, mean %.1f ms over %d runs (target < 1000 ms, network excluded)%n",
                best / 1e6, total / 1e6 / runs, runs);
        System.out.printf("plan: %d deletions, %d keeps, %d host removals; describe() %.1f ms, %d chars%n",
                plan.deletions().size(), plan.keeps().size(), plan.host().size(), describeTook / 1e6, textLength);
    }

    static RetentionInputs inputs(Random random, Instant now) {
        List<RepositorySnapshot> repos = new ArrayList<>();
        List<Release> releases = new ArrayList<>();
        List<ContainerState> containers = new ArrayList<>();
        Map<String, Integer> knownGood = new HashMap<>();
        long releaseId = 0;
        for (int r = 0; r < REPOSITORIES; r++) {
            String service = "svc" + r;
            String repo = "team/" + service;
            knownGood.put(service, 3);
            List<RegistryImage> images = new ArrayList<>();
            List<LocalImage> local = new ArrayList<>();
            int digests = TAGS_PER_REPOSITORY / 2;
            List<Digest> all = new ArrayList<>();
            for (int v = 0; v < digests; v++) {
                Digest d = digest(random);
                all.add(d);
                List<String> tags = new ArrayList<>(List.of("1." + v + ".0", "1." + v + ".0_git." + Integer.toHexString(v + 0x100000)));
                Instant built = now.minus(Duration.ofHours((long) (digests - v) * 20));
                images.add(new RegistryImage(repo, d, tags, built, 50_000_000L + random.nextInt(1000)));
                if (v % 10 == 0) {
                    local.add(new LocalImage("sha256:" + d.hex(), List.of(), List.of("reg/" + repo + "@" + d), built, 40_000_000L));
                }
            }
            for (int k = 0; k < 40; k++) {
                Digest d = all.get(Math.min(digests - 1, k * 2 + random.nextInt(3)));
                Env env = k % 3 == 0 ? Env.PROD : Env.STAGING;
                Instant at = now.minus(Duration.ofDays(80 - 2L * k));
                boolean last = k >= 38;
                releases.add(new Release(++releaseId, new ServiceName(service), env, "v", d, "img", Release.Kind.DEPLOY, "ou", "oc", at,
                        Optional.of(at), last ? Release.Outcome.LIVE : Release.Outcome.SUPERSEDED, "", service + "-r" + releaseId,
                        Optional.of(at), k % 2 == 0 ? Optional.of(at) : Optional.empty()));
                if (k >= 34) {
                    containers.add(new ContainerState("id" + releaseId, service + "-" + env + "-r" + releaseId, "reg/" + repo + "@" + d,
                            "sha256:" + d.hex(), Map.of(Labels.SERVICE, service, Labels.ENV, env.tag(), Labels.DIGEST, d.value()),
                            last, last ? "running" : "exited", 0, at, at, last ? null : at.plusSeconds(60), null, false));
                }
            }
            repos.add(new RepositorySnapshot(repo, List.of(service), RetentionPolicy.DEFAULT, withEnvTags(images, releases, service), local));
        }
        return new RetentionInputs("all", repos, releases, containers, Set.of(), knownGood, 3, now);
    }

    /** The env tags point at the digest of the last release per env, as the deployer leaves them. */
    private static List<RegistryImage> withEnvTags(List<RegistryImage> images, List<Release> releases, String service) {
        Map<Digest, List<String>> extra = new HashMap<>();
        for (Env env : Env.values()) {
            releases.stream().filter(r -> r.service().value().equals(service) && r.env() == env).reduce((a, b) -> b)
                    .ifPresent(r -> extra.computeIfAbsent(r.digest(), d -> new ArrayList<>()).add(env.tag()));
        }
        return images.stream().map(i -> {
            List<String> tags = new ArrayList<>(i.tags());
            tags.addAll(extra.getOrDefault(i.digest(), List.of()));
            return new RegistryImage(i.repository(), i.digest(), tags, i.created(), i.size());
        }).toList();
    }

    private static Digest digest(Random random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return Digest.parse("sha256:" + hex);
    }
}
