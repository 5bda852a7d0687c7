package com.larkops.command;

/** Where a long-running command reports what it is doing ("pulling…", "waiting for health…"). */
@FunctionalInterface
public interface Progress {
    void update(String text);

    Progress NONE = text -> { };
}
