package com.larkops.signature;

import com.larkops.model.Env;

import java.util.List;
import java.util.Set;

/**
 * Which environments need a signed digest ({@code verify.for}) and which keys may sign it ({@code verify.keys}).
 * {@link #NONE} asks for nothing.
 */
public record VerifyPolicy(List<SigningKey> keys, Set<Env> envs) {
    public static final VerifyPolicy NONE = new VerifyPolicy(List.of(), Set.of());

    public VerifyPolicy {
        keys = List.copyOf(keys);
        envs = Set.copyOf(envs);
        if (!envs.isEmpty() && keys.isEmpty()) {
            throw new IllegalArgumentException("verify.keys: list at least one public key file");
        }
    }

    public boolean requires(Env env) {
        return envs.contains(env);
    }
}
