package com.larkops.command;

import com.larkops.i18n.Catalogue;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.util.ArrayList;
import java.util.List;

/** {@code /help}: the command list, generated from the routing table so it never goes stale. */
public final class HelpCommand {
    private HelpCommand() {
    }

    public static CommandSpec spec(CommandRouter router) {
        return CommandSpec.of("help", "/help", "this list", Role.READER, request -> {
            List<Text> lines = new ArrayList<>();
            lines.add(Msg.of("help.header"));
            for (CommandSpec s : router.commands()) {
                String aliases = Aliases.of(s.name());
                lines.add(Text.verbatim(s.usage() + "  — ").then(summary(s))
                        .then(Text.verbatim(aliases.isEmpty() ? "" : " (" + aliases + ")")));
            }
            lines.add(Msg.of("help.footer"));
            return Reply.ok(Text.lines(lines));
        });
    }

    /** English is the command's own summary; other languages read help.cmd.<name>, else the English one. */
    static Text summary(CommandSpec s) {
        String key = "help.cmd." + s.name();
        return language -> language == Language.EN_US || !Catalogue.has(key) ? s.summary() : Msg.of(key).in(language);
    }
}
