package com.larkops.retention;

import com.larkops.i18n.Msg;
import com.larkops.command.Command;
import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.model.Text;

/**
 * {@code /prune [service] [--apply]}: a dry run needs the deployer role (it reads the registry hard); applying
 * deletes for good, so it needs an approver — and applies what the last dry run showed, with no second prompt.
 */
public final class PruneCommands {
    private final PruneService prune;

    public PruneCommands(PruneService prune) {
        this.prune = prune;
    }

    public CommandSpec spec() {
        return new CommandSpec("prune", "/prune [service|all] [--apply]",
                "retention plan: what the registry and host would lose and why the rest stays; --apply executes it",
                c -> c.hasFlag("apply") ? Role.APPROVER : Role.DEPLOYER, this::handle);
    }

    private Reply handle(Request r) {
        Command c = r.command();
        if (c.args().size() > 1) {
            throw new UsageException(Msg.of("pipeline.usage.too_many"));
        }
        for (String flag : c.flags()) {
            if (!flag.equals("apply")) {
                throw new UsageException(Msg.of("pipeline.prune.unknown_option", Text.clip(flag)));
            }
        }
        String scope = c.arg(0) == null ? "all" : c.arg(0);
        prune.services(scope);
        if (!c.hasFlag("apply")) {
            r.progress().line(Msg.of("pipeline.prune.reading", scope));
            PrunePlan plan = prune.dryRun(scope);
            return Reply.ok(plan.text().thenLine(plan.isEmpty() ? Msg.of("pipeline.prune.nothing")
                    : Msg.of("pipeline.prune.apply_hint", scope.equals("all") ? "" : " " + scope)));
        }
        r.progress().line(Msg.of("pipeline.prune.pruning", scope));
        PruneService.Applied applied = prune.apply(scope, r.caller().user(), r.caller().chat());
        com.larkops.i18n.Text text = prune.describe(applied);
        return applied.report().aborted() ? Reply.error(text) : Reply.ok(text);
    }
}
