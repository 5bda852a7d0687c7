package com.larkops.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the release history: a digest put live (or attempted) for a service in an environment.
 * {@code container} is the name of the container that serves it.
 */
public record Release(long id, ServiceName service, Env env, String version, Digest digest, String image, Kind kind,
                      String actor, String chat, Instant startedAt, Optional<Instant> finishedAt, Outcome outcome,
                      String detail, String container, Optional<Instant> healthyAt, Optional<Instant> knownGoodAt) {

    public enum Kind { DEPLOY, ROLLBACK;
        public String label() {
            return name().toLowerCase();
        }
    }

    /**
     * AWAITING_APPROVAL while a prod request waits; IN_PROGRESS while the executor runs; LIVE while serving;
     * SUPERSEDED once replaced; FAILED never served; CANCELLED when its approval was rejected or expired.
     */
    public enum Outcome { AWAITING_APPROVAL, IN_PROGRESS, LIVE, SUPERSEDED, FAILED, CANCELLED;
        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public boolean isKnownGood() {
        return knownGoodAt.isPresent();
    }
}
