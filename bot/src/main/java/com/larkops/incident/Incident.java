package com.larkops.incident;

import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.Optional;

/** One incident of a service in an env: open until closed by hand or by a recovery that held. */
public record Incident(long id, ServiceName service, Env env, String what, String chat, String messageId, Instant openedAt,
                       Optional<Instant> healthySince, Optional<Instant> closedAt, String closedBy) {
    public boolean open() {
        return closedAt.isEmpty();
    }

    /** One line of its timeline. */
    public record Event(Instant at, String text) {
    }
}
