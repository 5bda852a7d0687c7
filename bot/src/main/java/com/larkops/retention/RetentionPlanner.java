package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what retention removes. Pure: inputs in, {@link PrunePlan} out. Host containers are planned first,
 * because a container that stays protects its digest; then every manifest gets its reasons to stay — the hard
 * {@link Protections} and the policy's soft keeps (newest N, in service within D days, young untagged, unknown
 * age) — and only a manifest with none is deleted. Local images follow the same protections.
 */
public final class RetentionPlanner {
    private RetentionPlanner() {
    }

    public static PrunePlan plan(RetentionInputs in) {
        List<HostRemoval> host = new ArrayList<>(HostPlanner.stoppedContainers(in.containers(), servicesInScope(in), in.keepStopped(), in.now()));
        Set<String> removed = new HashSet<>();
        host.forEach(h -> removed.add(h.target()));
        List<ContainerState> remaining = in.containers().stream().filter(c -> !removed.contains(c.name())).toList();

        Protections protections = Protections.compute(remaining, envTags(in), in.releases(), in.knownGoodToKeep(),
                in.pendingApprovals(), null);
        Map<Digest, Instant> inService = InService.lastSeen(in.releases(), in.now());
        List<ImageDecision> decisions = new ArrayList<>();
        for (RepositorySnapshot repo : in.repositories()) {
            decisions.addAll(decide(repo, protections, inService, in.now()));
        }
        host.addAll(HostPlanner.localImages(in.repositories(), remaining, protections));
        return new PrunePlan(in.scope(), in.now(), decisions, host);
    }

    static List<ImageDecision> decide(RepositorySnapshot repo, Protections protections, Map<Digest, Instant> inService,
                                      Instant now) {
        RetentionPolicy policy = repo.policy();
        Comparator<RegistryImage> newestFirst = Comparator
                .comparing(RegistryImage::created, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
                .thenComparing(i -> i.digest().value());
        List<RegistryImage> images = repo.images().stream().sorted(newestFirst).toList();
        Set<Digest> newest = new HashSet<>();
        images.stream().filter(i -> !i.untagged()).limit(policy.keepVersions()).forEach(i -> newest.add(i.digest()));
        Instant windowStart = now.minus(policy.keepWindow());
        Instant untaggedCut = now.minus(policy.untaggedAge());

        List<ImageDecision> out = new ArrayList<>(images.size());
        for (RegistryImage image : images) {
            List<String> reasons = new ArrayList<>(protections.reasons(image.digest()));
            if (newest.contains(image.digest())) {
                reasons.add("among the newest " + policy.keepVersions());
            }
            Instant last = inService.get(image.digest());
            if (last != null && !last.isBefore(windowStart)) {
                reasons.add("deployed within " + policy.keepDays() + "d");
            }
            if (image.created() == null) {
                reasons.add("build time unknown");
            } else if (image.untagged() && image.created().isAfter(untaggedCut)) {
                reasons.add("untagged, younger than " + policy.untaggedDays() + "d");
            }
            boolean delete = reasons.isEmpty();
            if (delete) {
                reasons.add(image.untagged() ? "untagged, older than " + policy.untaggedDays() + "d"
                        : "not among the newest " + policy.keepVersions() + ", not deployed within " + policy.keepDays()
                        + "d, not protected");
            }
            out.add(new ImageDecision(repo.repository(), image.digest(), image.tags(), image.created(), image.size(), delete, reasons));
        }
        return out;
    }

    private static List<Protections.EnvTag> envTags(RetentionInputs in) {
        List<Protections.EnvTag> tags = new ArrayList<>();
        for (RepositorySnapshot repo : in.repositories()) {
            for (RegistryImage image : repo.images()) {
                for (Env env : Env.values()) {
                    if (image.tags().contains(env.tag())) {
                        tags.add(new Protections.EnvTag(repo.repository(), env, image.digest()));
                    }
                }
            }
        }
        return tags;
    }

    private static Set<String> servicesInScope(RetentionInputs in) {
        Set<String> services = new HashSet<>();
        in.repositories().forEach(r -> services.addAll(r.services()));
        return services;
    }
}
