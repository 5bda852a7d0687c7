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

    /** What a row adds to its handler's reply (another concern's lines: the skills under /status, holds under /digest). */
    @FunctionalInterface
    public interface After {
        Reply after(Request request, Reply reply);
    }

    /** This row with a post-step declared in the table: it runs after the handler, on its reply. */
    public CommandSpec then(After after) {
        Handler handler = this.handler;
        return new CommandSpec(name, usage, summary, role, r -> after.after(r, handler.handle(r)));
    }
}
