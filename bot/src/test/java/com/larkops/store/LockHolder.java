package com.larkops.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A bot process in miniature, for {@link DbLocksProcessTest}: opens the store in the data folder given, takes one
 * lock, prints its owner id and then waits to be killed.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.open(Path.of(args[0]));
        DbLocks locks = new DbLocks(db, Clock.systemUTC());
        locks.announceAlive();
        if (locks.tryAcquire(args[1], "ou_dev1").isPresent()) {
            System.out.println("refused");
        } else {
            System.out.println("held " + locks.owner());
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
