package com.larkops.release;

import java.util.Optional;

/** The steps the executor recorded (the audit log implements it): where a running change is, for /digest and /status. */
public interface StepRecords {
    /** The description of the newest step of release {@code releaseId} that completed, if any did. */
    Optional<String> lastDone(long releaseId);
}
