package com.larkops.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;

/**
 * A retention plan: per manifest delete or keep with reasons, and what leaves the host. Data that prints
 * itself; {@code --apply} executes exactly this (each deletion re-checked live first).
 */
public record PrunePlan(String scope, Instant madeAt, List<ImageDecision> registry, List<HostRemoval> host) {
    /** Lines of each section shown in chat; the rest is counted, so 10,000 tags do not flood a reply. */
    static final int SHOWN_PER_SECTION = 60;

    public PrunePlan {
        registry = List.copyOf(registry);
        host = List.copyOf(host);
    }

    public List<ImageDecision> deletions() {
        return registry.stream().filter(ImageDecision::delete).toList();
    }

    public List<ImageDecision> keeps() {
        return registry.stream().filter(d -> !d.delete()).toList();
    }

    public boolean isEmpty() {
        return deletions().isEmpty() && host.isEmpty();
    }

    /** Registry bytes the deleted manifests account for; shared layers mean GC may reclaim less. */
    public long deletedBytes() {
        return deletions().stream().mapToLong(d -> d.size() == null ? 0 : d.size()).sum();
    }

    public String describe() {
        List<ImageDecision> deletions = deletions();
        long containers = host.stream().filter(h -> h.kind() == HostRemoval.Kind.CONTAINER).count();
        StringBuilder sb = new StringBuilder("prune plan for " + scope + " (dry run): delete " + deletions.size()
                + " manifest(s) (" + Sizes.human(deletedBytes()) + "), keep " + keeps().size() + "; host: remove "
                + containers + " stopped container(s), " + (host.size() - containers) + " image(s)\n");
        Map<String, List<ImageDecision>> byRepo = new LinkedHashMap<>();
        registry.forEach(d -> byRepo.computeIfAbsent(d.repository(), r -> new ArrayList<>()).add(d));
        byRepo.forEach((repo, decisions) -> {
            sb.append(repo).append('\n');
            section(sb, decisions.stream().filter(ImageDecision::delete).map(d -> d.describe(madeAt)).toList());
            section(sb, decisions.stream().filter(d -> !d.delete()).map(d -> d.describe(madeAt)).toList());
        });
        if (!host.isEmpty()) {
            sb.append("host\n");
            section(sb, host.stream().map(HostRemoval::describe).toList());
        }
        return sb.toString().stripTrailing();
    }

    private static void section(StringBuilder sb, List<String> lines) {
        lines.stream().limit(SHOWN_PER_SECTION).forEach(l -> sb.append("  ").append(l).append('\n'));
        if (lines.size() > SHOWN_PER_SECTION) {
            sb.append("  … and ").append(lines.size() - SHOWN_PER_SECTION).append(" more\n");
        }
    }
}
