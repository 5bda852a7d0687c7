package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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
    private static final Text INDENT = Text.verbatim("  ");

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

    /** The plan as it prints itself: English (the audit log, tests). */
    public String describe() {
        return text().in(Language.DEFAULT);
    }

    /**
     * The plan for a person: the counts, then one line per decision with its retention reasons, all in their language
     * (a plan stored before its reasons were stored in every language shows those reasons as they were written).
     */
    public Text text() {
        List<ImageDecision> deletions = deletions();
        long containers = host.stream().filter(h -> h.kind() == HostRemoval.Kind.CONTAINER).count();
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("pipeline.prune.plan_head", scope, deletions.size(), Sizes.human(deletedBytes()), keeps().size(),
                attachmentCounts(), containers, host.size() - containers));
        Map<String, List<ImageDecision>> byRepo = new LinkedHashMap<>();
        registry.forEach(d -> byRepo.computeIfAbsent(d.repository(), r -> new ArrayList<>()).add(d));
        attachments.forEach(a -> byRepo.computeIfAbsent(a.repository(), r -> new ArrayList<>()));
        int[] budget = {SHOWN_LINES};
        int[] hidden = {0};
        byRepo.forEach((repo, decisions) -> {
            long deleting = decisions.stream().filter(ImageDecision::delete).count();
            lines.add(Msg.of("pipeline.prune.repo", repo, deleting, decisions.size() - deleting));
            decisions.stream().filter(ImageDecision::delete).forEach(d -> line(lines, () -> d.text(madeAt), budget, hidden));
            decisions.stream().filter(d -> !d.delete()).forEach(d -> line(lines, () -> d.text(madeAt), budget, hidden));
            attachments.stream().filter(a -> a.delete() && a.repository().equals(repo)).forEach(a -> line(lines, a::text, budget, hidden));
        });
        if (!host.isEmpty()) {
            lines.add(Msg.of("pipeline.prune.host"));
            host.forEach(h -> line(lines, h::text, budget, hidden));
        }
        if (hidden[0] > 0) {
            lines.add(Msg.of("pipeline.prune.hidden", hidden[0]));
        }
        return Text.lines(lines);
    }

    /** Signatures of kept digests stay silently, as a count: listing them would only repeat the kept images. */
    private Text attachmentCounts() {
        if (attachments.isEmpty()) {
            return Text.verbatim("");
        }
        int deleting = attachmentDeletions().size();
        return Msg.of("pipeline.prune.attachments", deleting, attachments.size() - deleting);
    }

    private static void line(List<Text> lines, java.util.function.Supplier<Text> text, int[] budget, int[] hidden) {
        if (budget[0]-- > 0) {
            lines.add(INDENT.then(text.get()));
        } else {
            hidden[0]++;
        }
    }

}
