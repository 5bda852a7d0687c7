package com.larkops.command;

/** {@code /help}: the command list, generated from the routing table so it never goes stale. */
public final class HelpCommand {
    private HelpCommand() {
    }

    public static CommandSpec spec(CommandRouter router) {
        return CommandSpec.of("help", "/help", "this list", Role.READER, request -> {
            StringBuilder sb = new StringBuilder("larkops commands:\n");
            for (CommandSpec s : router.commands()) {
                String aliases = Aliases.of(s.name());
                sb.append(s.usage()).append("  — ").append(s.summary())
                        .append(aliases.isEmpty() ? "" : " (" + aliases + ")").append('\n');
            }
            sb.append("Prod changes need an approval card; rollbacks are immediate.");
            return Reply.ok(sb.toString());
        });
    }
}
