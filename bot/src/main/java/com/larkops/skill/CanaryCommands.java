package com.larkops.skill;

import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.config.ServiceConfig;
import com.larkops.release.Deployer;

import java.util.List;

/**
 * {@code /canary} lists canaries; {@code /canary <service> <version|digest> <pct>%} starts one beside the
 * live version; {@code /canary <service> promote} deploys its digest the normal way; {@code /canary
 * <service> abort} removes it. {@code /promote} and {@code /rollback} stay the release commands' own.
 */
public final class CanaryCommands {
    private final CanaryManager canaries;
    private final Deployer deployer;

    public CanaryCommands(CanaryManager canaries, Deployer deployer) {
        this.canaries = canaries;
        this.deployer = deployer;
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
            return outcome(canaries.start(skill, s.reference(), s.percent(), r.caller(), r.progress()));
        }
        if (args instanceof CanaryArgs.Promote p) {
            return outcome(canaries.promote(deployer.service(p.service()), r.caller(), r.progress()));
        }
        CanaryArgs.Abort a = (CanaryArgs.Abort) args;
        return Reply.ok(canaries.abort(deployer.service(a.service()), r.caller()));
    }

    private static Reply outcome(Deployer.Outcome o) {
        return o.live() ? Reply.ok(o.text()) : Reply.error(o.text());
    }

    private String list() {
        List<Endpoint> all = canaries.all();
        if (all.isEmpty()) {
            return "no canaries running; start one with " + CanaryArgs.USAGE.substring(0, CanaryArgs.USAGE.indexOf(" |")) + "]";
        }
        StringBuilder sb = new StringBuilder(all.size() + " canary(ies)\n");
        all.forEach(e -> sb.append(e.describe()).append(" in ").append(e.container()).append('\n'));
        return sb.toString().stripTrailing();
    }
}
