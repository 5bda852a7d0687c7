package com.larkops.command;

import com.larkops.i18n.Msg;

import java.util.Optional;
import java.util.Set;
import java.util.List;

/**
 * The one place that decides whether a caller may run a command: the chat allow-list, then the
 * role. The shell's OS user already has Docker-level access, so it acts as deployer and approver.
 */
public final class Policy {
    private final List<String> chats;
    private final Set<String> deployers;
    private final Set<String> approvers;

    public Policy(List<String> chats, Set<String> deployers, Set<String> approvers) {
        this.chats = List.copyOf(chats);
        this.deployers = Set.copyOf(deployers);
        this.approvers = Set.copyOf(approvers);
    }

    public Role roleOf(Caller caller) {
        if (caller.fromShell() || approvers.contains(caller.user())) {
            return Role.APPROVER;
        }
        return deployers.contains(caller.user()) ? Role.DEPLOYER : Role.READER;
    }

    public boolean isApprover(Caller caller) {
        return roleOf(caller) == Role.APPROVER;
    }

    public boolean chatAllowed(Caller caller) {
        return caller.fromShell() || chats.isEmpty() || chats.contains(caller.chat());
    }

    /** Empty when allowed; otherwise the reason to show the caller (rendered at the edge in the config's language). */
    public Optional<Msg> refusal(Caller caller, Role needed, String commandName) {
        if (!chatAllowed(caller)) {
            return Optional.of(Msg.of("router.chat_not_obeyed"));
        }
        Role has = roleOf(caller);
        if (has.compareTo(needed) < 0) {
            String list = needed == Role.APPROVER ? "approvers" : "deployers";
            return Optional.of(Msg.of("router.needs_role", commandName, needed.name().toLowerCase(), list));
        }
        return Optional.empty();
    }
}
