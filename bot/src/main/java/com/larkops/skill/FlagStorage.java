package com.larkops.skill;

import java.time.Instant;
import java.util.List;

/** Where feature flags live (the SQLite store implements it, so both bots of a self-deploy agree). */
public interface FlagStorage {
    record Flag(String name, FlagRule rule, String updatedBy, Instant updatedAt) {
    }

    /** Sorted by name. */
    List<Flag> all();

    void set(String name, FlagRule rule, String by, Instant at);
}
