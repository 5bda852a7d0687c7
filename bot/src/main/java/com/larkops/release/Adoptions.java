package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.util.List;
import java.util.Optional;

/**
 * Drift's Adopt, the entry point behind the drift card's button: one {@link ChangeRequest} of kind ADOPT through the
 * one pipeline. The digest is resolved from the registry (its version is the registry's tag); in prod it becomes an
 * approval card ({@link ProdAdoptions}: the gates, then the stored plan that Approve runs); elsewhere it passes the
 * gates and runs now. {@code seen}: what the card saw (what ran, what the env tag named, as {@link Deployer#adoptState});
 * the changed-since gate refuses the click when that changed.
 */
public final class Adoptions {
    /** How a prod adopt is asked for (the approval flow implements it). */
    @FunctionalInterface
    public interface ProdAdoptions {
        ProdAdoptions NONE = (service, target, seen, caller, progress) -> {
            throw new RefusedException(Msg.of("release.adopt.no_approvals"));
        };

        Reply request(ServiceConfig service, Target target, Optional<List<String>> seen, Caller caller, Progress progress);
    }

    private final Deployer deployer;
    private final ProdAdoptions prod;

    public Adoptions(Deployer deployer, ProdAdoptions prod) {
        this.deployer = deployer;
        this.prod = prod;
    }

    /** Adopt {@code digest} in {@code service}'s {@code env}, asked by {@code caller}; throws the user errors of the gates. */
    public Reply adopt(Caller caller, ServiceName service, Env env, Digest digest, Optional<List<String>> seen, Progress progress) {
        ServiceConfig config = deployer.service(service.value());
        Target target = deployer.resolve(config, env, digest.value());
        if (env == Env.PROD) {
            return prod.request(config, target, seen, caller, progress);
        }
        ChangeRequest change = ChangeRequest.by(caller, ChangeRequest.Kind.ADOPT, target);
        deployer.gates().require(seen.map(s -> change.expecting(s, caller.user())).orElse(change));
        Deployer.Outcome outcome = deployer.adopt(target, caller, progress);
        return new Reply(outcome.live() ? Reply.Outcome.OK : Reply.Outcome.ERROR, outcome.message(), outcome.card());
    }
}
