package com.larkops.retention;

import java.time.Instant;
import java.util.Optional;

/** Where dry-run plans are kept so that {@code --apply} runs what was shown (the store implements it). */
public interface PlanStore {
    void save(PrunePlan plan);

    /** The newest plan for the scope made at or after {@code notBefore} and not yet applied. */
    Optional<PrunePlan> latest(String scope, Instant notBefore);

    void markApplied(String scope, Instant madeAt, Instant appliedAt);
}
