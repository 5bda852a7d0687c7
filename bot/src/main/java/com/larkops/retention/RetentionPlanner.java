package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
        List<AttachmentDecision> attachments = new ArrayList<>();
        for (RepositorySnapshot repo : in.repositories()) {
            List<ImageDecision> images = decide(repo, protections, inService, in.now());
            decisions.addAll(images);
            attachments.addAll(attachments(repo, images, protections));
        }
        host.addAll(HostPlanner.localImages(in.repositories(), remaining, protections));
        return new PrunePlan(in.scope(), in.now(), decisions, host, attachments);
    }

    /**
     * Signatures and other attached manifests follow their subjects: one goes when every digest it is attached to
     * is deleted by this plan or is already gone from the registry (an orphan), unless that gone digest is still
     * protected (a container runs it: its signature is worth keeping for a re-push). A manifest that is also an
     * image of the repository is left to the image's decision.
     */
    static List<AttachmentDecision> attachments(RepositorySnapshot repo, List<ImageDecision> images, Protections protections) {
        Set<Digest> imageDigests = new HashSet<>();
        Set<Digest> deleted = new HashSet<>();
        for (ImageDecision d : images) {
            imageDigests.add(d.digest());
            if (d.delete()) {
                deleted.add(d.digest());
            }
        }
        Map<Digest, List<RegistryAttachment>> byManifest = new LinkedHashMap<>();
        repo.attachments().forEach(a -> byManifest.computeIfAbsent(a.manifest(), m -> new ArrayList<>()).add(a));
        List<AttachmentDecision> out = new ArrayList<>();
        byManifest.forEach((manifest, refs) -> {
            if (imageDigests.contains(manifest)) {
                return;
            }
            Set<String> tags = new LinkedHashSet<>();
            Map<Digest, Boolean> subjects = new LinkedHashMap<>();
            for (RegistryAttachment a : refs) {
                if (a.tag() != null) {
                    tags.add(a.tag());
                }
                subjects.merge(a.subject(), a.subjectPresent(), Boolean::logicalOr);
            }
            boolean delete = true;
            List<Text> why = new ArrayList<>();
            for (Map.Entry<Digest, Boolean> subject : subjects.entrySet()) {
                Digest d = subject.getKey();
                if (deleted.contains(d)) {
                    why.add(Msg.of("pipeline.prune.subject.deleted", d.shortForm()));
                } else if (subject.getValue()) {
                    delete = false;
                    why.add(Msg.of("pipeline.prune.subject.stays", d.shortForm()));
                } else if (protections.isProtected(d)) {
                    delete = false;
                    why.add(Msg.of("pipeline.prune.subject.gone_protected", d.shortForm(), Text.joined("; ", protections.reasons(d))));
                } else {
                    why.add(Msg.of("pipeline.prune.subject.gone", d.shortForm()));
                }
            }
            out.add(new AttachmentDecision(repo.repository(), manifest, refs.get(0).kind(), List.copyOf(tags),
                    List.copyOf(subjects.keySet()), delete, Msg.of("pipeline.prune.attached_to", Text.joined("; ", why))));
        });
        return out;
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
            List<Text> reasons = new ArrayList<>(protections.reasons(image.digest()));
            if (newest.contains(image.digest())) {
                reasons.add(Msg.of("pipeline.prune.reason.newest", policy.keepVersions()));
            }
            Instant last = inService.get(image.digest());
            if (last != null && !last.isBefore(windowStart)) {
                reasons.add(Msg.of("pipeline.prune.reason.deployed_within", policy.keepDays()));
            }
            if (image.created() == null) {
                reasons.add(Msg.of("pipeline.prune.reason.build_unknown"));
            } else if (image.untagged() && image.created().isAfter(untaggedCut)) {
                reasons.add(Msg.of("pipeline.prune.reason.untagged_young", policy.untaggedDays()));
            }
            boolean delete = reasons.isEmpty();
            if (delete) {
                reasons.add(image.untagged() ? Msg.of("pipeline.prune.reason.untagged_old", policy.untaggedDays())
                        : Msg.of("pipeline.prune.reason.unprotected", policy.keepVersions(), policy.keepDays()));
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
