package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;

import java.util.List;
import java.util.Optional;

/**
 * Chooses what a rollback puts back: by default the newest known-good digest of the service/env that is
 * not the one serving now; or a named version or digest, preferring what already ran there (its kept
 * container can be restarted without a pull).
 */
public final class RollbackTargets {
    private final ReleaseHistory history;
    private final Deployer deployer;

    public RollbackTargets(ReleaseHistory history, Deployer deployer) {
        this.history = history;
        this.deployer = deployer;
    }

    public Target choose(ServiceConfig service, Env env, Optional<String> named) {
        Optional<Release> live = history.live(service.name(), env);
        if (named.isPresent()) {
            String ref = named.get();
            Optional<Release> ranBefore = history.history(service.name(), env, 200).stream()
                    .filter(r -> r.outcome() != Release.Outcome.FAILED && r.outcome() != Release.Outcome.IN_PROGRESS)
                    .filter(r -> r.version().equals(ref) || r.digest().value().equals(ref))
                    .findFirst();
            if (ranBefore.isPresent()) {
                return target(ranBefore.get(), env);
            }
            return deployer.resolve(service, env, ref);
        }
        Optional<Digest> current = live.map(Release::digest);
        List<Release> good = history.knownGood(service.name(), env, 20);
        return good.stream().filter(r -> current.isEmpty() || !r.digest().equals(current.get())).findFirst()
                .map(r -> target(r, env))
                .orElseThrow(() -> new RefusedException("no known-good digest of " + service.name() + " in " + env
                        + " other than the one serving" + (current.map(d -> " (" + d.shortForm() + ")").orElse(""))
                        + "; name one: /rollback " + service.name() + " " + env + " to <version|digest>"));
    }

    private static Target target(Release r, Env env) {
        return new Target(r.service(), env, r.digest(), r.version(), r.image());
    }
}
