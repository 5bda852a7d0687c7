package com.larkops.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;

/**
 * A retention plan: per manifest delete or keep with reasons, per signature (or other attached manifest)
 * whether it goes with its digest, and what leaves the host. Data that prints itself; {@code --apply}
 * executes exactly this (each deletion re-checked live first).
 */
public record PrunePlan(String scope, Instant madeAt, List<ImageDecision> registry, List<HostRemoval> host,
                        List<AttachmentDecision> attachments) {
    /** Detail lines shown in chat; beyond them only counts, so 10,000 tags do not flood a reply (all are stored). */
    static final int SHOWN_LINES = 150;

    public PrunePlan {
        registry = List.copyOf(registry);
        host = List.copyOf(host);
        attachments = List.copyOf(attachments);
    }

    public PrunePlan(String scope, Instant madeAt, List<ImageDecision> registry, List<HostRemoval> host) {
        this(scope, madeAt, registry, host, List.of());
    }

    public List<ImageDecision> deletions() {
        return registry.stream().filter(ImageDecision::delete).toList();
    }

    public List<ImageDecision> keeps() {
        return registry.stream().filter(d -> !d.delete()).toList();
    }

    public List<AttachmentDecision> attachmentDeletions() {
        return attachments.stream().filter(AttachmentDecision::delete).toList();
    }

    public boolean isEmpty() {
        return deletions().isEmpty() && attachmentDeletions().isEmpty() && host.isEmpty();
    }

    /** Registry bytes the deleted manifests account for; shared layers mean GC may reclaim less. */
    public long deletedBytes() {
        return deletions().stream().mapToLong(d -> d.size() == null ? 0 : d.size()).sum();
    }

    public String describe() {
        List<ImageDecision> deletions = deletions();
        long containers = host.stream().filter(h -> h.kind() == HostRemoval.Kind.CONTAINER).count();
        StringBuilder sb = new StringBuilder("prune plan for " + scope + " (dry run): delete " + deletions.size()
                + " manifest(s) (" + Sizes.human(deletedBytes()) + "), keep " + keeps().size() + attachmentCounts() + "; host: remove "
                + containers + " stopped container(s), " + (host.size() - containers) + " image(s)\n");
        Map<String, List<ImageDecision>> byRepo = new LinkedHashMap<>();
        registry.forEach(d -> byRepo.computeIfAbsent(d.repository(), r -> new ArrayList<>()).add(d));
        attachments.forEach(a -> byRepo.computeIfAbsent(a.repository(), r -> new ArrayList<>()));
        int[] budget = {SHOWN_LINES};
        int[] hidden = {0};
        byRepo.forEach((repo, decisions) -> {
            long deleting = decisions.stream().filter(ImageDecision::delete).count();
            sb.append(repo).append(": delete ").append(deleting).append(", keep ").append(decisions.size() - deleting).append('\n');
            decisions.stream().filter(ImageDecision::delete).forEach(d -> line(sb, () -> d.describe(madeAt), budget, hidden));
            decisions.stream().filter(d -> !d.delete()).forEach(d -> line(sb, () -> d.describe(madeAt), budget, hidden));
            attachments.stream().filter(a -> a.delete() && a.repository().equals(repo)).forEach(a -> line(sb, a::describe, budget, hidden));
        });
        if (!host.isEmpty()) {
            sb.append("host\n");
            host.forEach(h -> line(sb, h::describe, budget, hidden));
        }
        if (hidden[0] > 0) {
            sb.append("… ").append(hidden[0]).append(" more line(s) not shown; the whole plan is stored and --apply runs all of it\n");
        }
        return sb.toString().stripTrailing();
    }

    /** Signatures of kept digests stay silently, as a count: listing them would only repeat the kept images. */
    private String attachmentCounts() {
        if (attachments.isEmpty()) {
            return "";
        }
        int deleting = attachmentDeletions().size();
        return "; signatures and other attached manifests: delete " + deleting + ", keep " + (attachments.size() - deleting)
                + " (attached to digests that stay)";
    }

    private static void line(StringBuilder sb, java.util.function.Supplier<String> text, int[] budget, int[] hidden) {
        if (budget[0]-- > 0) {
            sb.append("  ").append(text.get()).append('\n');
        } else {
            hidden[0]++;
        }
    }
}
