package com.larkops.command;

import java.time.Duration;

/** Told about every routed command (metrics live at the edge and implement this). */
public interface CommandObserver {
    void observed(String command, Reply.Outcome outcome, Duration took);

    CommandObserver NONE = (c, o, t) -> { };
}
