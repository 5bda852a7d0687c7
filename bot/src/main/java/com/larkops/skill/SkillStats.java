package com.larkops.skill;

import com.larkops.model.ServiceName;
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

    public void request(ServiceName service, String digest) {
        counts(service, digest).requests.increment();
    }

    public void error(ServiceName service, String digest) {
        counts(service, digest).errors.increment();
    }

    public Snapshot of(ServiceName service, String digest) {
        Counts c = byDigest.get(service.value() + "@" + digest);
        return c == null ? new Snapshot(0, 0) : new Snapshot(c.requests.sum(), c.errors.sum());
    }

    private Counts counts(ServiceName service, String digest) {
        return byDigest.computeIfAbsent(service.value() + "@" + digest, k -> new Counts());
    }
}
