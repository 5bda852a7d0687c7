package com.larkops.command;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of chat commands: changes ({@code /rollback}, {@code /deploy}, …) and reads run in separate
 * pools, so read-only traffic can never make a rollback "busy"; and no user has more than
 * {@code perUser} commands queued or running in a lane, so one user cannot fill the pool for everyone.
 */
public final class CommandLanes implements AutoCloseable {
    private final CommandWorkers changes;
    private final CommandWorkers reads;
    private final int perUser;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public CommandLanes(CommandWorkers changes, CommandWorkers reads, int perUser) {
        this.changes = changes;
        this.reads = reads;
        this.perUser = perUser;
    }

    /** False when the user's share of the lane, or the lane itself, is full: the command is not run. */
    public boolean submit(String user, boolean change, Runnable work) {
        String key = (change ? "change " : "read ") + user;
        AtomicInteger mine = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        if (mine.incrementAndGet() > perUser) {
            mine.decrementAndGet();
            return false;
        }
        boolean queued = (change ? changes : reads).submit(() -> {
            try {
                work.run();
            } finally {
                mine.decrementAndGet();
            }
        });
        if (!queued) {
            mine.decrementAndGet();
        }
        return queued;
    }

    /** True when no command of either lane is queued or running (try-it waits for this between piped lines). */
    public boolean idle() {
        return changes.idle() && reads.idle();
    }

    @Override
    public void close() {
        changes.close();
        reads.close();
    }
}
