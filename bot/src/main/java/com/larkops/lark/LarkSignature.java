package com.larkops.lark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lark's request signature: hex(SHA-256(timestamp + nonce + encryptKey + raw body)). */
public final class LarkSignature {
    // one digest per request thread: getInstance looks up the provider each time, and this runs per event
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LarkSignature::newSha256);

    private LarkSignature() {
    }

    public static String compute(String timestamp, String nonce, String encryptKey, byte[] body) {
        return HexFormat.of().formatHex(digest(timestamp, nonce, encryptKey, body));
    }

    /** Constant-time comparison, so the signature cannot be guessed byte by byte from timing. */
    public static boolean matches(String timestamp, String nonce, String encryptKey, byte[] body, String signature) {
        if (timestamp == null || nonce == null || signature == null || signature.length() != 64) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(digest(timestamp, nonce, encryptKey, body), claimed);
    }

    private static byte[] digest(String timestamp, String nonce, String encryptKey, byte[] body) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(timestamp.getBytes(StandardCharsets.UTF_8));
        sha.update(nonce.getBytes(StandardCharsets.UTF_8));
        sha.update(encryptKey.getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        return sha.digest();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
