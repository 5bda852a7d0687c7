package com.larkops.retention;

import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.model.Labels;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.LocalImage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The host half of a retention plan: stopped containers beyond {@code keep_stopped}, and unused local images. */
final class HostPlanner {
    private HostPlanner() {
    }

    /** Per service/env, stopped larkops containers beyond the newest {@code keepStopped}. */
    static List<HostRemoval> stoppedContainers(List<ContainerState> containers, Set<String> services, int keepStopped, Instant now) {
        Map<String, List<ContainerState>> stopped = new LinkedHashMap<>();
        for (ContainerState c : containers) {
            String service = c.label(Labels.SERVICE);
            if (!c.running() && service != null && services.contains(service)) {
                stopped.computeIfAbsent(service + " " + c.label(Labels.ENV), k -> new ArrayList<>()).add(c);
            }
        }
        List<HostRemoval> out = new ArrayList<>();
        stopped.forEach((serviceEnv, list) -> {
            list.sort(Comparator.comparing(HostPlanner::lastActive).reversed().thenComparing(ContainerState::name));
            for (ContainerState c : list.subList(Math.min(keepStopped, list.size()), list.size())) {
                String ago = Duration.between(lastActive(c), now).toDays() + "d";
                out.add(new HostRemoval(HostRemoval.Kind.CONTAINER, c.name(), List.of(), c.label(Labels.SERVICE),
                        Protections.digestOf(c).orElse(null), null,
                        Msg.of("pipeline.prune.why.stopped", ago, keepStopped, serviceEnv)));
            }
        });
        return out;
    }

    /** Local images of managed repositories that no remaining container uses and whose digest is not protected. */
    static List<HostRemoval> localImages(List<RepositorySnapshot> repos, List<ContainerState> remaining, Protections protections) {
        Set<String> usedIds = new HashSet<>();
        remaining.forEach(c -> usedIds.add(c.imageId()));
        List<HostRemoval> out = new ArrayList<>();
        for (RepositorySnapshot repo : repos) {
            for (LocalImage image : repo.localImages()) {
                List<Digest> digests = digests(image);
                // an image never pushed has no registry digest: larkops cannot tell what it is, so leaves it alone
                if (digests.isEmpty() || usedIds.contains(image.id()) || digests.stream().anyMatch(protections::isProtected)) {
                    continue;
                }
                List<String> refs = new ArrayList<>(image.repoTags());
                refs.addAll(image.repoDigests());
                out.add(new HostRemoval(HostRemoval.Kind.IMAGE, image.id(), refs, String.join(",", repo.services()),
                        digests.get(0), image.size(), Msg.of("pipeline.prune.why.unused_image")));
            }
        }
        return out;
    }

    static List<Digest> digests(LocalImage image) {
        List<Digest> out = new ArrayList<>();
        for (String ref : image.repoDigests()) {
            int at = ref.lastIndexOf('@');
            if (at > 0 && Digest.looksLikeDigest(ref.substring(at + 1))) {
                try {
                    out.add(Digest.parse(ref.substring(at + 1)));
                } catch (RuntimeException e) {
                    // not a sha256 digest larkops deals in
                }
            }
        }
        return out;
    }

    static Instant lastActive(ContainerState c) {
        if (c.finishedAt() != null && c.finishedAt().isAfter(Instant.EPOCH)) {
            return c.finishedAt();
        }
        return c.created() == null ? Instant.EPOCH : c.created();
    }
}
