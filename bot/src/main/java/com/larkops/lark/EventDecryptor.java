package com.larkops.lark;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Lark's event encryption, undone: base64 of (16-byte IV, AES-256-CBC ciphertext), the key being SHA-256 of
 * the Encrypt Key. The same scheme the SDK decrypts, but with the key derived once and one cipher per
 * thread, instead of a digest, a cipher lookup and three copies per event; it returns bytes, ready to parse.
 */
final class EventDecryptor {
    private static final int IV_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(EventDecryptor::newCipher);

    EventDecryptor(String encryptKey) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(k, "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** The plain event bytes; throws IllegalArgumentException when {@code encrypted} is not such a message. */
    byte[] decrypt(String encrypted) {
        byte[] raw = Base64.getDecoder().decode(encrypted);
        int length = raw.length - IV_BYTES;
        if (length <= 0 || length % IV_BYTES != 0) {
            throw new IllegalArgumentException("not an AES-CBC message");
        }
        byte[] plain;
        try {
            Cipher c = cipher.get();
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(raw, 0, IV_BYTES));
            plain = c.doFinal(raw, IV_BYTES, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt", e);
        }
        // the padding: Lark pads with PKCS#7 bytes (1..16); like the SDK, cut every trailing byte <= 16
        int end = plain.length;
        while (end > 0 && plain[end - 1] <= IV_BYTES && plain[end - 1] >= 0) {
            end--;
        }
        return end == plain.length ? plain : Arrays.copyOf(plain, end);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC missing from the JVM", e);
        }
    }
}
