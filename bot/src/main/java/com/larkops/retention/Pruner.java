package com.larkops.retention;

import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryNotFoundException;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerState;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Executes a {@link PrunePlan}, exactly its entries and nothing else. Right before each removal the
 * protections are read again, live (containers from the engine, env tags from the registry, known-good and
 * in-flight releases from the store, pending approvals): an entry that became protected meanwhile is skipped.
 * When any of that cannot be read, the run stops and nothing more is removed. Every action is audited.
 */
public final class Pruner {
    private final RegistryClient registry;
    private final ContainerRuntime runtime;
    private final Supplier<List<Release>> releases;
    private final PendingApprovals pending;
    private final Supplier<Map<String, Integer>> knownGoodToKeep;
    private final AuditSink audit;
    private final Clock clock;

    public Pruner(RegistryClient registry, ContainerRuntime runtime, Supplier<List<Release>> releases, PendingApprovals pending,
                  Supplier<Map<String, Integer>> knownGoodToKeep, AuditSink audit, Clock clock) {
        this.registry = registry;
        this.runtime = runtime;
        this.releases = releases;
        this.pending = pending;
        this.knownGoodToKeep = knownGoodToKeep;
        this.audit = audit;
        this.clock = clock;
    }

    public PruneReport apply(PrunePlan plan, String actor, String chat) {
        PruneReport report = new PruneReport(plan);
        try {
            for (HostRemoval h : plan.host()) {
                if (h.kind() == HostRemoval.Kind.CONTAINER) {
                    removeContainer(h, report, actor, chat);
                }
            }
            for (ImageDecision d : plan.deletions()) {
                delete(d, plan, report, actor, chat);
            }
            for (HostRemoval h : plan.host()) {
                if (h.kind() == HostRemoval.Kind.IMAGE) {
                    removeImage(h, plan, report, actor, chat);
                }
            }
        } catch (CannotCheck e) {
            report.abort(e.getMessage());
            record(actor, chat, "prune: stopped", "aborted", e.getMessage());
        }
        return report;
    }

    private void delete(ImageDecision d, PrunePlan plan, PruneReport report, String actor, String chat) {
        String what = d.repository() + "@" + d.digest().value();
        Protections live = live(d.repository(), plan);
        if (live.isProtected(d.digest())) {
            String why = "now protected: " + String.join("; ", live.reasons(d.digest()));
            report.skipped(what, why);
            record(actor, chat, "prune: delete " + what, "skipped", why);
            return;
        }
        try {
            registry.delete(d.repository(), d.digest());
            report.deleted(d);
            record(actor, chat, "prune: delete " + what + " " + d.tags(), "ok", String.join("; ", d.reasons()));
        } catch (RegistryNotFoundException e) {
            report.skipped(what, "already gone");
            record(actor, chat, "prune: delete " + what, "skipped", "already gone");
        } catch (RuntimeException e) {
            record(actor, chat, "prune: delete " + what, "failed", e.getMessage());
            throw new CannotCheck("deleting " + what + " failed: " + e.getMessage());
        }
    }

    private void removeContainer(HostRemoval h, PruneReport report, String actor, String chat) {
        Optional<ContainerState> now = read("the engine", () -> runtime.inspect(h.target()));
        if (now.isEmpty()) {
            report.skipped("container " + h.target(), "already gone");
            return;
        }
        if (now.get().running()) {
            report.skipped("container " + h.target(), "running again");
            record(actor, chat, "prune: remove container " + h.target(), "skipped", "running again");
            return;
        }
        try {
            runtime.remove(h.target());
            report.removed(h);
            record(actor, chat, "prune: remove container " + h.target(), "ok", h.why());
        } catch (RuntimeException e) {
            report.skipped("container " + h.target(), e.getMessage());
            record(actor, chat, "prune: remove container " + h.target(), "failed", e.getMessage());
        }
    }

    private void removeImage(HostRemoval h, PrunePlan plan, PruneReport report, String actor, String chat) {
        String what = "image " + String.join(", ", h.refs());
        Protections live = live(null, plan);
        if (h.digest() != null && live.isProtected(h.digest())) {
            String why = "now protected: " + String.join("; ", live.reasons(h.digest()));
            report.skipped(what, why);
            record(actor, chat, "prune: remove " + what, "skipped", why);
            return;
        }
        try {
            // the runtime refuses while any container, even a stopped one, uses the image
            h.refs().forEach(runtime::removeImage);
            report.removed(h);
            record(actor, chat, "prune: remove " + what, "ok", h.why());
        } catch (RuntimeException e) {
            report.skipped(what, e.getMessage());
            record(actor, chat, "prune: remove " + what, "skipped", e.getMessage());
        }
    }

    /** Protections as they are now; {@code repository} null reads no env tags (host images are guarded by containers). */
    private Protections live(String repository, PrunePlan plan) {
        List<ContainerState> containers = read("the engine", runtime::listManaged);
        List<Protections.EnvTag> envTags = new ArrayList<>();
        if (repository != null) {
            for (Env env : Env.values()) {
                read("the registry", () -> registry.tagTarget(repository, env.tag()))
                        .ifPresent(d -> envTags.add(new Protections.EnvTag(repository, env, d)));
            }
        }
        List<Release> history = read("the release history", releases);
        return Protections.compute(containers, envTags, history, knownGoodToKeep.get(),
                read("pending approvals", pending::digests), plan.madeAt());
    }

    private static <T> T read(String source, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            throw new CannotCheck("cannot read " + source + " to re-check protections (" + e.getMessage() + ")");
        }
    }

    private void record(String actor, String chat, String command, String outcome, String detail) {
        audit.record(new AuditEntry(clock.instant(), actor, chat, command, outcome, detail == null ? "" : detail));
    }

    private static final class CannotCheck extends RuntimeException {
        CannotCheck(String message) {
            super(message);
        }
    }
}
