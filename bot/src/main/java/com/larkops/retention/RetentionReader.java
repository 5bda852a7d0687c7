package com.larkops.retention;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.RetentionPolicy;
import com.larkops.config.ServiceConfig;
import com.larkops.model.AttachmentTag;
import com.larkops.model.Digest;
import com.larkops.model.Release;
import com.larkops.registry.Attachments;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryException;
import com.larkops.registry.RegistryNotFoundException;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads what the planner needs from the registry, the engine and the store. Any failure to list tags,
 * resolve a tag or list containers propagates: a plan is only made from a complete picture, so an
 * unreadable registry or engine deletes nothing. Only an image's build time and size are optional.
 */
public final class RetentionReader {
    private final LarkopsConfig config;
    private final RegistryClient registry;
    private final RuntimeReads runtime;
    private final Supplier<List<Release>> releases;
    private final PendingApprovals pending;
    private final Clock clock;

    public RetentionReader(LarkopsConfig config, RegistryClient registry, RuntimeReads runtime,
                           Supplier<List<Release>> releases, PendingApprovals pending, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.runtime = runtime;
        this.releases = releases;
        this.pending = pending;
        this.clock = clock;
    }

    public RetentionInputs read(String scope, List<ServiceConfig> services) {
        List<ContainerState> containers = runtime.listManaged();
        List<Release> history = releases.get();
        Map<String, List<ServiceConfig>> byRepository = new LinkedHashMap<>();
        services.forEach(s -> byRepository.computeIfAbsent(s.repository(), r -> new ArrayList<>()).add(s));
        List<RepositorySnapshot> snapshots = new ArrayList<>();
        byRepository.forEach((repo, owners) -> snapshots.add(snapshot(repo, owners, containers, history)));
        return new RetentionInputs(scope, snapshots, history, containers, pending.digests(), knownGoodToKeep(),
                config.keepStopped(), clock.instant());
    }

    /** Per configured service, K of its policy; the pruner's live check uses the same numbers. */
    public Map<String, Integer> knownGoodToKeep() {
        Map<String, Integer> keep = new HashMap<>();
        config.services().values().forEach(s -> keep.put(s.name(), s.retention().keepKnownGood()));
        return keep;
    }

    private RepositorySnapshot snapshot(String repo, List<ServiceConfig> owners, List<ContainerState> containers,
                                        List<Release> history) {
        Map<Digest, List<String>> tagsByDigest = new LinkedHashMap<>();
        List<AttachmentTag> attachmentTags = new ArrayList<>();
        for (String tag : registry.listTags(repo)) {
            Optional<AttachmentTag> attachment = AttachmentTag.parse(tag);
            if (attachment.isPresent()) {
                attachmentTags.add(attachment.get()); // a signature or referrers tag is never an image version
            } else {
                tagsByDigest.computeIfAbsent(registry.resolve(repo, tag), d -> new ArrayList<>()).add(tag);
            }
        }
        List<RegistryImage> images = new ArrayList<>();
        tagsByDigest.forEach((digest, tags) -> images.add(image(repo, digest, tags)));
        for (Digest known : knownDigests(owners, containers, history)) {
            if (!tagsByDigest.containsKey(known) && exists(repo, known)) {
                images.add(image(repo, known, List.of()));
            }
        }
        RetentionPolicy policy = owners.stream().map(ServiceConfig::retention).reduce(RetentionPolicy::widest).orElseThrow();
        return new RepositorySnapshot(repo, owners.stream().map(ServiceConfig::name).toList(), policy, images,
                runtime.localImages(registry.host() + "/" + repo), attachments(repo, images, attachmentTags));
    }

    /**
     * The attached manifests: each attachment tag, and the referrer artifacts that the referrers API or the
     * referrers-schema index lists for every image and every tagged subject; each with whether its subject is
     * still in the registry. A referrers list that cannot be read is passed over: missing it can only leave
     * artifacts behind, never delete too much.
     */
    private List<RegistryAttachment> attachments(String repo, List<RegistryImage> images, List<AttachmentTag> tags) {
        Map<Digest, Boolean> present = new HashMap<>();
        images.forEach(i -> present.put(i.digest(), true));
        Set<Digest> subjects = new LinkedHashSet<>(present.keySet());
        List<RegistryAttachment> out = new ArrayList<>();
        for (AttachmentTag tag : tags) {
            Optional<Digest> manifest = registry.tagTarget(repo, tag.tag());
            boolean subjectPresent = present.computeIfAbsent(tag.subject(), d -> exists(repo, d));
            manifest.ifPresent(m -> out.add(new RegistryAttachment(repo, tag.subject(), m, tag.tag(), tag.kind().label(), subjectPresent)));
            subjects.add(tag.subject());
        }
        for (Digest subject : subjects) {
            List<Attachments.Referrer> referrers;
            try {
                referrers = registry.attachments().referrers(repo, subject);
            } catch (RegistryException e) {
                continue;
            }
            for (Attachments.Referrer r : referrers) {
                out.add(new RegistryAttachment(repo, subject, r.digest(), null, referrerKind(r.artifactType()), present.get(subject)));
            }
        }
        return out;
    }

    private static String referrerKind(String artifactType) {
        if (artifactType.startsWith("application/vnd.dev.sigstore.bundle")) {
            return "signature bundle";
        }
        return artifactType.startsWith("application/vnd.dev.cosign.artifact.sig") ? "signature" : "referrer";
    }

    /** The registry cannot list untagged manifests; the ones larkops deployed it knows from history and labels. */
    private static Set<Digest> knownDigests(List<ServiceConfig> owners, List<ContainerState> containers, List<Release> history) {
        Set<String> names = new LinkedHashSet<>();
        owners.forEach(s -> names.add(s.name()));
        Set<Digest> out = new LinkedHashSet<>();
        history.stream().filter(r -> names.contains(r.service().value())).forEach(r -> out.add(r.digest()));
        containers.stream().filter(c -> names.contains(c.label(com.larkops.model.Labels.SERVICE)))
                .forEach(c -> Protections.digestOf(c).ifPresent(out::add));
        return out;
    }

    private boolean exists(String repo, Digest digest) {
        try {
            registry.resolve(repo, digest.value());
            return true;
        } catch (RegistryNotFoundException e) {
            return false;
        }
    }

    private RegistryImage image(String repo, Digest digest, List<String> tags) {
        Instant created = null;
        Long size = null;
        try {
            created = registry.config(repo, digest).created();
            size = registry.size(repo, digest);
        } catch (RuntimeException e) {
            // unknown build time keeps the image ("build time unknown"); an unknown size only shows as blank
        }
        return new RegistryImage(repo, digest, tags, created, size);
    }
}
