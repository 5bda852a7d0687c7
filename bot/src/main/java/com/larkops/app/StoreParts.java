package com.larkops.app;

import com.larkops.release.PlanLocks;
import com.larkops.store.ApprovalTable;
import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.store.FlagStore;
import com.larkops.store.GuardTable;
import com.larkops.store.PrunePlans;
import com.larkops.store.ReleaseStore;

import java.time.Clock;

/** The store's tables over one database, and the lock wrapper every change takes. */
final class StoreParts implements AutoCloseable {
    final Database db;
    final ReleaseStore releases;
    final DbLocks locks;
    final PlanLocks planLocks;
    final ApprovalTable approvals;
    final com.larkops.store.ScheduleTable schedules;
    final PrunePlans prunePlans;
    final FlagStore flags;
    final GuardTable guards;

    StoreParts(Database db, Clock clock) {
        this.db = db;
        this.releases = new ReleaseStore(db, clock);
        this.locks = new DbLocks(db, clock);
        this.planLocks = new PlanLocks(locks, clock);
        this.approvals = new ApprovalTable(db);
        this.schedules = new com.larkops.store.ScheduleTable(db);
        this.prunePlans = new PrunePlans(db);
        this.flags = new FlagStore(db);
        this.guards = new GuardTable(db, clock);
    }

    @Override
    public void close() {
        locks.close();
    }
}
