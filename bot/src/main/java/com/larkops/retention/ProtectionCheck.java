package com.larkops.retention;

import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.release.Check;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The prune's live re-check, as the evaluator of {@link Check.NotProtected}: protections as they are now
 * (containers from the engine, env tags from the registry, known-good and in-flight releases from the store,
 * pending approvals). Protected: skip. Any of it unreadable: abort, so nothing more is removed.
 */
public final class ProtectionCheck {
    private final RegistryClient registry;
    private final ContainerRuntime runtime;
    private final Supplier<List<Release>> releases;
    private final PendingApprovals pending;
    private final Supplier<Map<String, Integer>> knownGoodToKeep;

    public ProtectionCheck(RegistryClient registry, ContainerRuntime runtime, Supplier<List<Release>> releases,
                           PendingApprovals pending, Supplier<Map<String, Integer>> knownGoodToKeep) {
        this.registry = registry;
        this.runtime = runtime;
        this.releases = releases;
        this.pending = pending;
        this.knownGoodToKeep = knownGoodToKeep;
    }

    public Check.Verdict evaluate(Check.NotProtected check) {
        try {
            Protections live = live(check);
            if (live.isProtected(check.digest())) {
                return Check.Verdict.skip("now protected: " + String.join("; ", live.reasons(check.digest())));
            }
            return Check.Verdict.GO;
        } catch (CannotRead e) {
            return Check.Verdict.abort(e.getMessage());
        }
    }

    private Protections live(Check.NotProtected check) {
        List<ContainerState> containers = read("the engine", runtime::listManaged);
        List<Protections.EnvTag> envTags = new ArrayList<>();
        if (check.repository() != null) {
            for (Env env : Env.values()) {
                read("the registry", () -> registry.tagTarget(check.repository(), env.tag()))
                        .ifPresent(d -> envTags.add(new Protections.EnvTag(check.repository(), env, d)));
            }
        }
        List<Release> history = read("the release history", releases);
        return Protections.compute(containers, envTags, history, knownGoodToKeep.get(),
                read("pending approvals", pending::digests), check.planMadeAt());
    }

    private static <T> T read(String source, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            throw new CannotRead("cannot read " + source + " to re-check protections (" + e.getMessage() + ")");
        }
    }

    private static final class CannotRead extends RuntimeException {
        CannotRead(String message) {
            super(message);
        }
    }
}
