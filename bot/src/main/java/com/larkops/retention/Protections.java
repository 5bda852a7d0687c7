package com.larkops.retention;

import com.larkops.config.RetentionPolicy;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The digests no policy may delete, each with why: used by a container (running, or stopped and kept for
 * rollback), pointed to by an env tag, among the last K known-good of a service/env, wanted by a pending
 * approval, or being deployed. Computed by the planner and again, live, by the pruner before each deletion.
 * A digest protected in one repository is protected in all: content is content, and being wrong costs prod.
 */
public final class Protections {
    /** A moving environment tag as read from the registry. */
    public record EnvTag(String repository, Env env, Digest digest) {
    }

    private final Map<Digest, List<String>> reasons;

    private Protections(Map<Digest, List<String>> reasons) {
        this.reasons = reasons;
    }

    /**
     * @param deployedSince releases started at or after this instant also protect their digest (the pruner passes
     *                      the time its plan was made: a deploy since then was not known to the plan); null for none
     */
    public static Protections compute(List<ContainerState> containers, List<EnvTag> envTags, List<Release> releases,
                                      Map<String, Integer> knownGoodToKeep, Set<Digest> pending, Instant deployedSince) {
        Map<Digest, List<String>> reasons = new HashMap<>();
        for (ContainerState c : containers) {
            digestOf(c).ifPresent(d -> add(reasons, d, c.running() ? "runs in " + c.name() : "held by stopped container " + c.name()));
        }
        for (EnvTag t : envTags) {
            add(reasons, t.digest(), t.env().tag() + " tag");
        }
        knownGood(releases, knownGoodToKeep, reasons);
        for (Release r : releases) {
            if (r.outcome() == Release.Outcome.IN_PROGRESS || r.outcome() == Release.Outcome.AWAITING_APPROVAL) {
                add(reasons, r.digest(), "being deployed (release #" + r.id() + ")");
            } else if (deployedSince != null && !r.startedAt().isBefore(deployedSince)) {
                add(reasons, r.digest(), "deployed after the plan was made (release #" + r.id() + ")");
            }
        }
        for (Digest d : pending) {
            add(reasons, d, "pending approval");
        }
        return new Protections(reasons);
    }

    public boolean isProtected(Digest digest) {
        return reasons.containsKey(digest);
    }

    public List<String> reasons(Digest digest) {
        return reasons.getOrDefault(digest, List.of());
    }

    public Set<Digest> digests() {
        return reasons.keySet();
    }

    /** Per service/env the newest K distinct known-good digests, as ReleaseStore.knownGood orders them. */
    private static void knownGood(List<Release> releases, Map<String, Integer> keep, Map<Digest, List<String>> reasons) {
        Map<String, List<Release>> byServiceEnv = new HashMap<>();
        for (Release r : releases) {
            if (r.isKnownGood()) {
                byServiceEnv.computeIfAbsent(r.service() + "\u0000" + r.env().tag(), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<Release> rows : byServiceEnv.values()) {
            rows.sort(Comparator.comparingLong(Release::id).reversed());
            Release first = rows.get(0);
            int k = keep.getOrDefault(first.service().value(), RetentionPolicy.DEFAULT.keepKnownGood());
            Set<Digest> seen = new LinkedHashSet<>();
            for (Release r : rows) {
                if (seen.size() >= k) {
                    break;
                }
                if (seen.add(r.digest())) {
                    add(reasons, r.digest(), "known-good #" + seen.size() + " of " + r.service() + " " + r.env());
                }
            }
        }
    }

    /** The label says which digest; the pinned image reference says it too when a label was lost. */
    static Optional<Digest> digestOf(ContainerState c) {
        String label = c.label(Labels.DIGEST);
        if (label != null && Digest.looksLikeDigest(label)) {
            try {
                return Optional.of(Digest.parse(label));
            } catch (RuntimeException e) {
                // fall through to the image reference
            }
        }
        String image = c.image();
        int at = image == null ? -1 : image.lastIndexOf('@');
        if (at > 0) {
            try {
                return Optional.of(Digest.parse(image.substring(at + 1)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void add(Map<Digest, List<String>> reasons, Digest d, String why) {
        List<String> list = reasons.computeIfAbsent(d, k -> new ArrayList<>(2));
        if (!list.contains(why)) {
            list.add(why);
        }
    }
}
