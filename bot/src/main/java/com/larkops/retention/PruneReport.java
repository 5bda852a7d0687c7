package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.DurationText;
import java.time.Duration;
import com.larkops.model.Digest;
import com.larkops.release.PlanExecutor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an applied plan did: each deletion, each skip with its reason, and why it stopped early if it did. */
public final class PruneReport {
    private final PrunePlan plan;
    private final List<Text> deleted = new ArrayList<>();
    private final List<Text> deletedAttachments = new ArrayList<>();
    private final List<Text> removedFromHost = new ArrayList<>();
    private final List<Text> skipped = new ArrayList<>();
    private long registryBytes;
    private long hostBytes;
    private Text abortedBecause;

    PruneReport(PrunePlan plan) {
        this.plan = plan;
    }

    /** The report of an executed prune plan, step by step. */
    static PruneReport of(PrunePlan decision, PrunePlanner.Planned planned, PlanExecutor.Result result) {
        return of(decision, planned, result, i -> Optional.empty());
    }

    /** The same, with why each step was skipped or failed in every language where {@code why} has it (else its English). */
    static PruneReport of(PrunePlan decision, PrunePlanner.Planned planned, PlanExecutor.Result result,
                          java.util.function.IntFunction<Optional<Text>> why) {
        PruneReport report = new PruneReport(decision);
        for (int i = 0; i < result.steps().size(); i++) {
            PlanExecutor.StepOutcome outcome = result.steps().get(i);
            ImageDecision d = planned.deletions().get(i);
            AttachmentDecision a = planned.attachments().get(i);
            HostRemoval h = planned.host().get(i);
            Text what = d != null ? Text.verbatim(d.repository() + "@" + d.digest().value())
                    : a != null ? Text.verbatim(a.kind() + " " + a.repository() + "@" + a.manifest().value()) : host(h);
            switch (outcome.state()) {
                case DONE -> {
                    if (d != null) {
                        report.deleted(d);
                    } else if (a != null) {
                        report.deleted(a);
                    } else {
                        report.removed(h);
                    }
                }
                case SKIPPED -> report.skipped(what, why.apply(i).orElse(Text.verbatim(outcome.detail())));
                case FAILED -> {
                    if (result.ok() || (d == null && a == null)) {
                        report.skipped(what, why.apply(i).orElse(Text.verbatim(outcome.detail())));
                    }
                }
                default -> { }
            }
        }
        if (!result.ok()) {
            report.abort(result.text());
        }
        return report;
    }

    void deleted(ImageDecision d) {
        deleted.add(Text.verbatim(d.repository() + "@" + d.digest().value()).then(tags(d.tags())));
        registryBytes += d.size() == null ? 0 : d.size();
    }

    void deleted(AttachmentDecision a) {
        deletedAttachments.add(Msg.of("pipeline.prune.report.attachment", a.kind(), a.repository() + "@" + a.manifest().value(),
                tags(a.tags()), String.join(", ", a.subjects().stream().map(Digest::shortForm).toList())));
    }

    void removed(HostRemoval h) {
        removedFromHost.add(host(h));
        hostBytes += h.size() == null ? 0 : h.size();
    }

    void skipped(Text what, Text why) {
        skipped.add(Text.concat(what, Text.verbatim(" — "), why));
    }

    private static Text host(HostRemoval h) {
        return h.kind() == HostRemoval.Kind.CONTAINER ? Msg.of("pipeline.prune.report.container", h.target())
                : Msg.of("pipeline.prune.report.image", String.join(", ", h.refs()));
    }

    /** {@code  (1.0.0, latest)}, or {@code  (untagged)} in the reader's language. */
    private static Text tags(List<String> tags) {
        return tags.isEmpty() ? Msg.of("pipeline.prune.untagged_suffix") : Text.verbatim(" (" + String.join(", ", tags) + ")");
    }

    void abort(Text why) {
        abortedBecause = why;
    }

    public boolean aborted() {
        return abortedBecause != null;
    }

    /** The deletions, in English (logs, tests). */
    public List<String> deleted() {
        return deleted.stream().map(t -> t.in(Language.DEFAULT)).toList();
    }

    /** The skips with why, in English (logs, tests). */
    public List<String> skipped() {
        return skipped.stream().map(t -> t.in(Language.DEFAULT)).toList();
    }

    public Optional<String> abortedBecause() {
        return Optional.ofNullable(abortedBecause).map(t -> t.in(Language.DEFAULT));
    }

    /** English: the audit log, tests. */
    public String describe(Instant now) {
        return text(now).in(Language.DEFAULT);
    }

    /** The counts and the outcome in the reader's language, then one line per deletion or skip as the steps recorded it. */
    public Text text(Instant now) {
        Duration age = Duration.between(plan.madeAt(), now);
        String made = age.toDays() >= 1 ? age.toDays() + "d" : DurationText.human((age.isNegative() ? Duration.ZERO : age).withNanos(0));
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("pipeline.prune.applied", plan.scope(), Msg.of("pipeline.ago", made), deleted.size(), Sizes.human(registryBytes),
                deletedAttachments.isEmpty() ? "" : Msg.of("pipeline.prune.applied_attachments", deletedAttachments.size()),
                removedFromHost.size(), Sizes.human(hostBytes), skipped.size()));
        if (abortedBecause != null) {
            lines.add(Msg.of("pipeline.prune.stopped", abortedBecause));
        }
        deleted.forEach(d -> lines.add(Msg.of("pipeline.prune.deleted", d)));
        deletedAttachments.forEach(d -> lines.add(Msg.of("pipeline.prune.deleted", d)));
        removedFromHost.forEach(r -> lines.add(Msg.of("pipeline.prune.removed", r)));
        skipped.forEach(x -> lines.add(Msg.of("pipeline.prune.skipped", x)));
        return Text.lines(lines);
    }

}
