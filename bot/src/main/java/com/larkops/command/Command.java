package com.larkops.command;

import java.util.List;
import java.util.Set;

/** A parsed chat command: {@code /deploy echo 1.4.2 prod} → name "deploy", args [echo, 1.4.2, prod]. */
public record Command(String name, List<String> args, Set<String> flags, String text) {
    public Command {
        args = List.copyOf(args);
        flags = Set.copyOf(flags);
    }

    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }
}
