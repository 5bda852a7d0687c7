package com.larkops.command;

import java.util.function.Function;

/**
 * One row of the routing table: the command's name, its usage line, a one-line summary, the role a
 * given invocation needs (it may depend on the arguments, e.g. {@code /prune --apply}), and the handler.
 */
public record CommandSpec(String name, String usage, String summary, Function<Command, Role> role, Handler handler) {
    public static CommandSpec of(String name, String usage, String summary, Role role, Handler handler) {
        return new CommandSpec(name, usage, summary, c -> role, handler);
    }
}
