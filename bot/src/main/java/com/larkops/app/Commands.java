package com.larkops.app;

import com.larkops.approval.ApprovalActions;
import com.larkops.command.CommandRouter;
import com.larkops.command.HelpCommand;

/** The routing table: every chat and shell command, in the order /help lists them. */
public final class Commands {
    private Commands() {
    }

    public static void registerAll(CommandRouter router, Services services) {
        router.register(HelpCommand.spec(router));
        // /status also shows the skills' live and canary versions with their request counts
        var guards = services.guardCommands;
        services.releaseCommands.specs().forEach(spec -> router.register(switch (spec.name()) {
            case "status" -> services.skills.status.appendedTo(spec);
            case "rollback" -> guards.holdingAfterRollback(spec);
            case "digest" -> guards.showingHolds(spec);
            case "history" -> guards.withTimeline(spec);
            default -> spec;
        }));
        services.skills.register(router);
        router.register(services.pruneCommands.spec());
        guards.specs().forEach(router::register);
        // the approval card's buttons, next to the commands
        ApprovalActions.specs(services.approvals).forEach(router::registerAction);
    }
}
