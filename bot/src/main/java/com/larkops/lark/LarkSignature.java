package com.larkops.lark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lark's request signature: hex(SHA-256(timestamp + nonce + encryptKey + raw body)). */
public final class LarkSignature {
    private LarkSignature() {
    }

    public static String compute(String timestamp, String nonce, String encryptKey, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** Constant-time comparison, so the signature cannot be guessed byte by byte from timing. */
    public static boolean matches(String timestamp, String nonce, String encryptKey, byte[] body, String signature) {
        if (timestamp == null || nonce == null || signature == null) {
            return false;
        }
        byte[] expected = compute(timestamp, nonce, encryptKey, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
