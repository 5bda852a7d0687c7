package com.larkops.skill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Puts a key into one of 100 buckets, the same one on every run and every bot instance (SHA-256, not
 * {@code hashCode}, which differs between JVM versions for no contract): "user X gets the canary" and
 * "flag F is on for user X" then never flap between invocations or between the two bots of a self-deploy.
 */
public final class Buckets {
    private Buckets() {
    }

    /** 0-99. */
    public static int of(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(v, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Whether a user's invocation of a skill goes to its canary, given the canary's share in percent. */
    public static boolean toCanary(String skill, String user, int canaryPercent) {
        return of("canary\u0000" + skill + "\u0000" + user) < canaryPercent;
    }
}
