package com.larkops.retention;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryNotFoundException;
import com.larkops.release.Check;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The prune's live re-checks, as the evaluator of {@link Check.NotProtected} and {@link Check.SubjectsGone}:
 * protections as they are now
 * (containers from the engine, env tags from the registry, known-good and in-flight releases from the store,
 * pending approvals). Protected: skip. Any of it unreadable: abort, so nothing more is removed.
 */
public final class ProtectionCheck {
    private final RegistryClient registry;
    private final RuntimeReads runtime;
    private final Supplier<List<Release>> releases;
    private final PendingApprovals pending;
    private final Supplier<Map<String, Integer>> knownGoodToKeep;

    public ProtectionCheck(RegistryClient registry, RuntimeReads runtime, Supplier<List<Release>> releases,
                           PendingApprovals pending, Supplier<Map<String, Integer>> knownGoodToKeep) {
        this.registry = registry;
        this.runtime = runtime;
        this.releases = releases;
        this.pending = pending;
        this.knownGoodToKeep = knownGoodToKeep;
    }

    public Check.Verdict evaluate(Check check) {
        if (check instanceof Check.NotProtected p) {
            return evaluate(p);
        }
        if (check instanceof Check.SubjectsGone g) {
            return evaluate(g);
        }
        return Check.Verdict.GO;
    }

    public Check.Verdict evaluate(Check.NotProtected check) {
        try {
            Protections live = live(check.repository(), check.planMadeAt());
            if (live.isProtected(check.digest())) {
                return Check.Verdict.skip(Msg.of("pipeline.prune.skip.now_protected", Text.joined("; ", live.reasons(check.digest()))));
            }
            return Check.Verdict.GO;
        } catch (CannotRead e) {
            return Check.Verdict.abort(e.text);
        }
    }

    /** A signature goes only when each of its subjects is gone from the registry (deleted just before) and not protected. */
    public Check.Verdict evaluate(Check.SubjectsGone check) {
        try {
            for (Digest subject : check.subjects()) {
                if (read(Msg.of("pipeline.prune.source.registry"), () -> present(check.repository(), subject))) {
                    return Check.Verdict.skip(Msg.of("pipeline.prune.skip.subject_present", subject.shortForm()));
                }
            }
            Protections live = live(check.repository(), check.planMadeAt());
            for (Digest subject : check.subjects()) {
                if (live.isProtected(subject)) {
                    return Check.Verdict.skip(Msg.of("pipeline.prune.skip.subject_protected", subject.shortForm(), Text.joined("; ", live.reasons(subject))));
                }
            }
            return Check.Verdict.GO;
        } catch (CannotRead e) {
            return Check.Verdict.abort(e.text);
        }
    }

    private boolean present(String repository, Digest digest) {
        try {
            registry.resolve(repository, digest.value());
            return true;
        } catch (RegistryNotFoundException e) {
            return false;
        }
    }

    private Protections live(String repository, Instant planMadeAt) {
        List<ContainerState> containers = read(Msg.of("pipeline.prune.source.engine"), runtime::listManaged);
        List<Protections.EnvTag> envTags = new ArrayList<>();
        if (repository != null) {
            for (Env env : Env.values()) {
                read(Msg.of("pipeline.prune.source.registry"), () -> registry.tagTarget(repository, env.tag()))
                        .ifPresent(d -> envTags.add(new Protections.EnvTag(repository, env, d)));
            }
        }
        List<Release> history = read(Msg.of("pipeline.prune.source.history"), releases);
        return Protections.compute(containers, envTags, history, knownGoodToKeep.get(),
                read(Msg.of("pipeline.prune.source.pending"), pending::digests), planMadeAt);
    }

    private static <T> T read(Text source, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            Text own = com.larkops.i18n.Explained.of(e);
            String english = String.valueOf(e.getMessage()); // as it always read, in the logs and the audit
            throw new CannotRead(Msg.of("pipeline.prune.cannot_read", source,
                    (Text) l -> l == com.larkops.i18n.Language.DEFAULT ? english : own.in(l)));
        }
    }

    /** What could not be read, in every language; the reader's own error text as it is. */
    private static final class CannotRead extends RuntimeException {
        private final transient Text text;

        CannotRead(Text text) {
            super(text.in(com.larkops.i18n.Language.DEFAULT));
            this.text = text;
        }
    }
}
