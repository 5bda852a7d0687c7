package com.larkops.tryit;

import com.larkops.config.LarkopsConfig;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;

import java.util.List;

/**
 * What try-it says first, and {@code :help}: what to type, in the order a newcomer uses it, within 80 columns, in
 * the config's {@code language:}.
 */
final class Welcome {
    private Welcome() {
    }

    static String text(LarkopsConfig config, String user, String chat, List<String> versions, int botPort) {
        Language l = config.language();
        String service = config.services().keySet().stream().sorted().findFirst().orElse("<service>");
        String first = versions.isEmpty() ? "<version>" : versions.get(0);
        String newer = versions.size() > 1 ? versions.get(versions.size() - 1) : "<newer version>";
        String approver = config.approvers().stream().sorted().findFirst().orElse("<approver open_id>");
        Msg role = Msg.of(config.approvers().contains(user) ? "app.tryit.role.approver"
                : config.deployers().contains(user) ? "app.tryit.role.deployer" : "app.tryit.role.member");
        String rows = String.join("\n",
                Msg.of("app.tryit.intro", botPort).in(l),
                Msg.of("app.tryit.you", user, role, chat).in(l),
                row("/deploy " + service + " " + first, "app.tryit.row.deploy", l),
                row("/digest " + service, "app.tryit.row.digest", l),
                row("/deploy " + service + " " + newer, "app.tryit.row.newer", l),
                row("/rollback " + service, "app.tryit.row.rollback", l),
                row("/deploy " + service + " " + newer + " prod", "app.tryit.row.prod", l),
                row(":as " + approver, "app.tryit.row.as_approver", l),
                row(":approve <request_id>", "app.tryit.row.approve_first", l),
                row("/help", "app.tryit.row.help", l),
                row(":help", "app.tryit.row.terminal_help", l));
        return rows + "\n";
    }

    static String terminalHelp() {
        return terminalHelp(Language.DEFAULT);
    }

    static String terminalHelp(Language l) {
        return String.join("\n",
                Msg.of("app.tryit.help.header").in(l),
                row(":as <open_id>", "app.tryit.help.as", l),
                row(":click <n>", "app.tryit.help.click", l),
                row(":break <service>", "app.tryit.help.break", l),
                row(":approve <request_id>", "app.tryit.help.approve", l),
                row(":reject <request_id>", "app.tryit.help.reject", l),
                row(":help", "app.tryit.help.help", l),
                row(":quit", "app.tryit.help.quit", l)) + "\n";
    }

    /** What to type (never translated) and, from column 34, what it does (from the catalogue). */
    private static String row(String typed, String whatKey, Language language) {
        String what = Msg.of(whatKey).in(language);
        String left = "  " + typed;
        return (left.length() < 34 ? left + " ".repeat(34 - left.length()) : left + "  ") + what;
    }
}
