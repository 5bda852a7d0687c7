package com.larkops.app;

import com.larkops.command.CommandRouter;
import com.larkops.command.HelpCommand;

/** The routing table: every chat and shell command, in the order /help lists them. */
public final class Commands {
    private Commands() {
    }

    public static void registerAll(CommandRouter router, Services services) {
        router.register(HelpCommand.spec(router));
        services.releaseCommands.specs().forEach(router::register);
        router.register(services.pruneCommands.spec());
    }
}
