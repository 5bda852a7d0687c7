package com.larkops.app;

import java.util.Map;

/** {@code run /command …}: one command from the shell, as the OS user (filled in with the release work). */
public final class Shell {
    private Shell() {
    }

    public static int run(String[] args, Map<String, String> env) {
        System.err.println("run: not available yet");
        return 2;
    }
}
