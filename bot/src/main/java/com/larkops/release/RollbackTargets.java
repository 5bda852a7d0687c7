package com.larkops.release;

import com.larkops.i18n.Msg;

import com.larkops.command.RefusedException;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.Text;

import java.util.List;
import java.util.Optional;

/**
 * Chooses what a rollback puts back: by default the newest known-good digest of the service/env that is
 * not the one serving now; or a named version or digest that served in that same service/env before (in
 * prod: known-good, once anything is). Anything else is a deploy, and a prod deploy asks for approval, so a
 * rollback can never bring an unapproved digest into prod.
 */
public final class RollbackTargets {
    private final ReleaseHistory history;

    public RollbackTargets(ReleaseHistory history) {
        this.history = history;
    }

    public Target choose(ServiceConfig service, Env env, Optional<String> named) {
        Optional<Release> live = history.live(service.serviceName(), env);
        List<Release> wasLive = history.history(service.serviceName(), env, 500).stream().filter(RollbackTargets::servedThere).toList();
        if (named.isPresent()) {
            String ref = named.get();
            List<Release> matching = wasLive.stream()
                    .filter(r -> r.version().equals(ref) || r.digest().value().equals(ref)).toList();
            // in prod, once something is known-good there, only a known-good digest goes back without an approval
            boolean needKnownGood = env == Env.PROD && wasLive.stream().anyMatch(Release::isKnownGood);
            Optional<Release> chosen = matching.stream().filter(r -> !needKnownGood || r.isKnownGood()).findFirst();
            return chosen.map(r -> target(r, env)).orElseThrow(() -> new RefusedException(Msg.of(
                    (matching.isEmpty() ? "release.rollback.never_ran" : "release.rollback.never_good") + (env == Env.PROD ? "_prod" : ""),
                    service.name(), Text.clip(ref), env)));
        }
        Optional<Digest> current = live.map(Release::digest);
        List<Release> good = history.knownGood(service.serviceName(), env, 20);
        return good.stream().filter(RollbackTargets::servedThere)
                .filter(r -> current.isEmpty() || !r.digest().equals(current.get())).findFirst()
                .map(r -> target(r, env))
                .orElseThrow(() -> new RefusedException(current
                        .map(d -> Msg.of("release.rollback.no_other_good_serving", service.name(), env, d.shortForm()))
                        .orElse(Msg.of("release.rollback.no_other_good", service.name(), env))));
    }

    /** Served in that env: it passed its health gate and was not failed (nor rejected, cancelled or expired) there. */
    private static boolean servedThere(Release r) {
        return r.healthyAt().isPresent()
                && (r.outcome() == Release.Outcome.LIVE || r.outcome() == Release.Outcome.SUPERSEDED);
    }

    private static Target target(Release r, Env env) {
        return new Target(r.service(), env, r.digest(), r.version(), r.image());
    }
}
