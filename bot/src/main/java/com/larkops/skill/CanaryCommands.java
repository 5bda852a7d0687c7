package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.config.ServiceConfig;
import com.larkops.command.Caller;
import com.larkops.model.Env;
import com.larkops.release.Deployer;
import com.larkops.release.ReleaseCommands;
import com.larkops.release.Target;

import java.util.List;
import java.util.Optional;

/**
 * {@code /canary} lists canaries; {@code /canary <service> <version|digest> <pct>%} starts one beside the
 * live version (in prod: after an approval); {@code /canary <service> promote} deploys its digest the normal way
 * (in prod: by an approval request); {@code /canary
 * <service> abort} removes it. {@code /promote} and {@code /rollback} stay the release commands' own.
 */
public final class CanaryCommands {
    private final CanaryManager canaries;
    private final Deployer deployer;
    private final ProdCanaries prod;
    private final ReleaseCommands.ProdRequests prodDeploys;

    /** How a prod canary is asked for (the approval flow implements it). */
    public interface ProdCanaries {
        Reply request(ServiceConfig skill, Target target, int percent, Caller caller, com.larkops.command.Progress progress);
    }

    public CanaryCommands(CanaryManager canaries, Deployer deployer, ProdCanaries prod, ReleaseCommands.ProdRequests prodDeploys) {
        this.canaries = canaries;
        this.deployer = deployer;
        this.prod = prod;
        this.prodDeploys = prodDeploys;
    }

    public CommandSpec spec() {
        return new CommandSpec("canary", CanaryArgs.USAGE, "run a skill's next digest for a share of users beside the live one",
                c -> c.args().isEmpty() ? Role.READER : Role.DEPLOYER, this::handle);
    }

    private Reply handle(Request r) {
        CanaryArgs args = CanaryArgs.parse(r.command().args());
        if (args instanceof CanaryArgs.ListAll) {
            return Reply.ok(list());
        }
        if (args instanceof CanaryArgs.Start s) {
            ServiceConfig skill = deployer.service(s.service());
            if (canaries.liveEnv(skill) == Env.PROD) {
                // a prod canary is a prod change: approval card first (requester ≠ approver)
                return prod.request(skill, deployer.resolve(skill, Env.PROD, s.reference()), s.percent(), r.caller(), r.progress());
            }
            return outcome(canaries.start(skill, s.reference(), s.percent(), r.caller(), r.progress()));
        }
        if (args instanceof CanaryArgs.Promote p) {
            ServiceConfig skill = deployer.service(p.service());
            Optional<Endpoint> canary = canaries.canaryOf(skill);
            if (canary.isPresent() && canary.get().env() == Env.PROD) {
                // putting the canary's digest live in prod is a prod deploy: it asks for approval like any other
                // (once the approved deploy is live, the canary container goes)
                return prodDeploys.request(skill, deployer.resolve(skill, Env.PROD, canary.get().digest()), r.caller(), r.progress());
            }
            return outcome(canaries.promote(skill, r.caller(), r.progress()));
        }
        CanaryArgs.Abort a = (CanaryArgs.Abort) args;
        return Reply.ok(canaries.abort(deployer.service(a.service()), r.caller()));
    }

    private static Reply outcome(Deployer.Outcome o) {
        return new Reply(o.live() ? Reply.Outcome.OK : Reply.Outcome.ERROR, o.message(), o.card());
    }

    private Text list() {
        List<Endpoint> all = canaries.all();
        if (all.isEmpty()) {
            return Msg.of("pipeline.canary.none", CanaryArgs.USAGE.substring(0, CanaryArgs.USAGE.indexOf(" |")) + "]");
        }
        List<Text> lines = new java.util.ArrayList<>();
        lines.add(Msg.of("pipeline.canary.count", all.size()));
        all.forEach(e -> lines.add(Msg.of("pipeline.canary.line", e.describe(), e.container())));
        return Text.lines(lines);
    }
}
