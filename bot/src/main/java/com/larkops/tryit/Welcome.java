package com.larkops.tryit;

import com.larkops.config.LarkopsConfig;

import java.util.List;

/** What try-it says first, and {@code :help}: what to type, in the order a newcomer uses it, within 80 columns. */
final class Welcome {
    private Welcome() {
    }

    static String text(LarkopsConfig config, String user, String chat, List<String> versions, int botPort) {
        String service = config.services().keySet().stream().sorted().findFirst().orElse("<service>");
        String first = versions.isEmpty() ? "<version>" : versions.get(0);
        String newer = versions.size() > 1 ? versions.get(versions.size() - 1) : "<newer version>";
        String approver = config.approvers().stream().sorted().findFirst().orElse("<approver open_id>");
        String role = config.approvers().contains(user) ? "an approver" : config.deployers().contains(user) ? "a deployer" : "a member";
        String rows = String.join("\n",
                "larkops try-it: the real bot with your Docker engine and registry; only Lark",
                "is played locally. Bot: http://127.0.0.1:" + botPort + " (/healthz, /metrics).",
                "You are " + user + " (" + role + ") in chat " + chat + ". Type, in this order:",
                row("/deploy " + service + " " + first, "deploy to staging; the card turns live"),
                row("/digest " + service, "what runs where, by digest"),
                row("/deploy " + service + " " + newer, "a newer version to staging"),
                row("/rollback " + service, "back to the last known-good, at once"),
                row("/deploy " + service + " " + newer + " prod", "prod asks for approval: a card"),
                row(":as " + approver, "become the approver (requester can't)"),
                row(":approve <request_id>", "click Approve; the card shows the line"),
                row("/help", "every chat command"),
                row(":help", "terminal commands;  :quit  to leave"));
        return rows + "\n";
    }

    static String terminalHelp() {
        return String.join("\n",
                "Terminal commands (everything starting with / goes to the bot as a chat line):",
                row(":as <open_id>", "type as another Lark user (the config's roles)"),
                row(":click <n>", "press the card button numbered [n]"),
                row(":break <service>", "break prod's health: an incident to practise"),
                row(":approve <request_id>", "click Approve on that approval card"),
                row(":reject <request_id>", "click Reject on that approval card"),
                row(":help", "this list"),
                row(":quit", "leave (or end of input)")) + "\n";
    }

    private static String row(String typed, String what) {
        String left = "  " + typed;
        return (left.length() < 34 ? left + " ".repeat(34 - left.length()) : left + "  ") + what;
    }
}
