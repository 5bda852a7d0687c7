package com.larkops.command;

import com.larkops.i18n.Catalogue;
import com.larkops.i18n.Language;
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
                sb.append(s.usage()).append("  — ").append(summary(s, router.language()))
                        .append(aliases.isEmpty() ? "" : " (" + aliases + ")").append('\n');
            }
            sb.append(Msg.of("help.footer").in(router.language()));
            return Reply.ok(sb.toString());
        });
    }

    /** English is the command's own summary; other languages read help.cmd.<name>, else the English one. */
    static String summary(CommandSpec s, Language language) {
        String key = "help.cmd." + s.name();
        return language == Language.EN_US || !Catalogue.has(key) ? s.summary() : Msg.of(key).in(language);
    }
}
