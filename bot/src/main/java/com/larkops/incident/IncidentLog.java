package com.larkops.incident;

import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The incidents and drift alerts, durably (the store implements it; replicas share it). */
public interface IncidentLog {
    /** Opens the service/env's incident unless one is open (at most one, also across replicas): the new one, or empty. */
    Optional<Incident> open(ServiceName service, Env env, String what, String chat, java.time.Instant at);

    /** The incident's card is the message {@code messageId}: its thread is where everything later goes. */
    void posted(long id, String messageId);

    Optional<Incident> openFor(ServiceName service, Env env);

    List<Incident> allOpen();

    Optional<Incident> byId(long id);

    void event(long id, Instant at, String text);

    /** Its timeline, oldest first. */
    List<Incident.Event> events(long id);

    /** Healthy again since then (empty: not, or no longer). */
    void healthySince(long id, Optional<Instant> since);

    /** Closes it unless it is closed already; true when this call closed it. */
    boolean close(long id, Instant at, String by);

    /** True the first time this drift of the service/env is seen (it is recorded then), false while it is known. */
    boolean firstDrift(ServiceName service, Env env, String fingerprint, Instant at);

    /** The service/env runs what larkops deployed again: a later drift is news again. */
    void driftCleared(ServiceName service, Env env);
}
