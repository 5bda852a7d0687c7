package com.larkops.command;

import com.larkops.i18n.Msg;

/** {@code /help}: the command list, generated from the routing table so it never goes stale. */
public final class HelpCommand {
    private HelpCommand() {
    }

    public static CommandSpec spec(CommandRouter router) {
        return CommandSpec.of("help", "/help", "this list", Role.READER, request -> {
            StringBuilder sb = new StringBuilder(Msg.of("help.header").in(router.language())).append('\n');
            for (CommandSpec s : router.commands()) {
                String aliases = Aliases.of(s.name());
                sb.append(s.usage()).append("  — ").append(s.summary())
                        .append(aliases.isEmpty() ? "" : " (" + aliases + ")").append('\n');
            }
            sb.append(Msg.of("help.footer").in(router.language()));
            return Reply.ok(sb.toString());
        });
    }
}
