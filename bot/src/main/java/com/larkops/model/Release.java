package com.larkops.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the release history: a digest put live (or attempted) for a service in an environment.
 * {@code container} is the name of the container that serves it.
 */
public record Release(long id, String service, Env env, String version, Digest digest, String image, Kind kind,
                      String actor, String chat, Instant startedAt, Optional<Instant> finishedAt, Outcome outcome,
                      String detail, String container, Optional<Instant> healthyAt, Optional<Instant> knownGoodAt) {

    public enum Kind { DEPLOY, ROLLBACK;
        public String label() {
            return name().toLowerCase();
        }
    }

    /** IN_PROGRESS until the executor finishes; LIVE while serving; SUPERSEDED once replaced; FAILED never served. */
    public enum Outcome { IN_PROGRESS, LIVE, SUPERSEDED, FAILED;
        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public boolean isKnownGood() {
        return knownGoodAt.isPresent();
    }
}
