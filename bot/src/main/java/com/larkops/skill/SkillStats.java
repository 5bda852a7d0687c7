package com.larkops.skill;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Invocation and error counts per skill digest since this bot started (in memory: after a restart they
 * start again at zero, which /status says). Keyed by digest, so the live version and its canary compare.
 */
public final class SkillStats {
    private final Map<String, Counts> byDigest = new ConcurrentHashMap<>();

    public record Snapshot(long requests, long errors) {
    }

    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    public void request(String service, String digest) {
        counts(service, digest).requests.increment();
    }

    public void error(String service, String digest) {
        counts(service, digest).errors.increment();
    }

    public Snapshot of(String service, String digest) {
        Counts c = byDigest.get(service + "@" + digest);
        return c == null ? new Snapshot(0, 0) : new Snapshot(c.requests.sum(), c.errors.sum());
    }

    private Counts counts(String service, String digest) {
        return byDigest.computeIfAbsent(service + "@" + digest, k -> new Counts());
    }
}
