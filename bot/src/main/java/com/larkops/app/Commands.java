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
        services.releaseCommands.specs().forEach(spec -> router.register(
                spec.name().equals("status") ? services.skills.status.appendedTo(spec) : spec));
        services.skills.register(router);
        router.register(services.pruneCommands.spec());
        // the approval card's buttons, next to the commands
        ApprovalActions.specs(services.approvals).forEach(router::registerAction);
    }
}
