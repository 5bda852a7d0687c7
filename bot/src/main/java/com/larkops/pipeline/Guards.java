package com.larkops.pipeline;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The store port for holds, freezes and seen pushes (the database implements it). */
public interface Guards {
    void hold(Hold hold);

    /** True when a hold was there to lift. */
    boolean release(ServiceName service, Env env);

    Optional<Hold> hold(ServiceName service, Env env);

    List<Hold> holds();

    Freeze freeze(Freeze freeze);

    /** Lifts freezes of exactly this service scope (empty = the all-services ones), in one env or both; returns them. */
    List<Freeze> unfreeze(Optional<ServiceName> service, Optional<Env> env);

    /** Freezes not yet expired at {@code now}. */
    List<Freeze> freezes(Instant now);

    /** Records a pushed digest; true only the first time this repository's digest is seen. */
    boolean firstPush(String repository, Digest digest, String tag, Instant at);

    /** When a repository's digest was first seen pushed. */
    Optional<Instant> pushedAt(String repository, Digest digest);

    /** The tags this repository's digests were first pushed under (the newest {@code limit} pushes), by digest. */
    java.util.Map<Digest, String> pushedTags(String repository, int limit);

    /** An automatic deploy of this digest was refused for want of a valid signature: a signature pushed later re-checks it. */
    void awaitSignature(String repository, Digest digest, String tag, Instant at);

    /** The tags of this repository's digests whose automatic deploy waits for a signature. */
    java.util.Map<Digest, String> awaitingSignature(String repository);

    /** The digest no longer waits (followed, or no longer the one to follow); true only for the one caller that ended the wait. */
    boolean stopAwaitingSignature(String repository, Digest digest);

    default Optional<Freeze> freezeCovering(ServiceName service, Env env, Instant now) {
        return freezes(now).stream().filter(f -> f.covers(service, env, now)).findFirst();
    }
}
