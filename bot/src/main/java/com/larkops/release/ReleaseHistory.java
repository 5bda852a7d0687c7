package com.larkops.release;

import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The release history port (the SQLite store implements it). */
public interface ReleaseHistory {
    /** Records an attempt (in progress, or awaiting approval) and returns it with its id. */
    Release begin(NewRelease release, Release.Outcome initial);

    /** An approved release starts now. */
    void start(long id, Instant at);

    /** A release that never ran: its approval was rejected or expired, or prod changed meanwhile. */
    void cancel(long id, String detail);

    /** The release is serving: it becomes LIVE and the previous LIVE one of its service/env SUPERSEDED. */
    void live(long id, String container, Instant healthyAt);

    void failed(long id, String detail);

    /** Records which container the plan will put live, before it runs (crash recovery needs it). */
    void assign(long id, String container);

    /** Marks release {@code id} known-good at {@code at}; false when it was already (another replica marked it first). */
    boolean knownGood(long id, Instant at);

    Optional<Release> byId(long id);

    Optional<Release> live(ServiceName service, Env env);

    /** Newest first; {@code env} null for all environments. */
    List<Release> history(ServiceName service, Env env, int limit);

    /** Known-good releases of the service/env, newest first (distinct digests). */
    List<Release> knownGood(ServiceName service, Env env, int limit);

    List<Release> inProgress();

    /** What the executor is about to record. */
    record NewRelease(ServiceName service, Env env, String version, com.larkops.model.Digest digest, String image,
                      Release.Kind kind, String actor, String chat, Instant startedAt) {
    }
}
