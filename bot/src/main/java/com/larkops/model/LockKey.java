package com.larkops.model;

/**
 * What a change locks: one service in one env ({@code echo/staging}), or the registry-wide prune. The same
 * key is used by the bot and the shell, so they never change the same thing at once.
 */
public record LockKey(String value) {
    private static final String PRUNE = "prune";

    public LockKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a lock key is a service/env or 'prune'");
        }
    }

    public static LockKey of(ServiceName service, Env env) {
        return new LockKey(service.value() + "/" + env.tag());
    }

    public static LockKey prune() {
        return new LockKey(PRUNE);
    }

    /** For a refusal: "echo staging", "prune". */
    public String describe() {
        return value.replace('/', ' ');
    }

    @Override
    public String toString() {
        return value;
    }
}
