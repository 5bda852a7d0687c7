package com.larkops.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A public key that may vouch for images, read from a PEM file ({@code cosign.pub}: {@code BEGIN PUBLIC KEY},
 * ECDSA P-256/P-384, RSA or Ed25519). Its name is the file name, which is what the approval card shows.
 */
public record SigningKey(String name, Path path, PublicKey key) {
    private static final int MAX_PEM_BYTES = 16 << 10;
    private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    /** Reads and parses the key; any problem is an {@link IllegalArgumentException} that names the file. */
    public static SigningKey load(Path path) {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_PEM_BYTES) {
                throw new IllegalArgumentException("key " + path + " is larger than " + MAX_PEM_BYTES + " bytes; expected a PEM public key");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("key " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return new SigningKey(path.getFileName().toString(), path, parse(new String(bytes, StandardCharsets.US_ASCII), path.toString()));
    }

    static PublicKey parse(String pem, String where) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("key " + where + " is not a PEM public key (expected " + begin
                    + "; give the .pub file, never the private key)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key " + where + " has broken base64 inside its PEM block");
        }
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("key " + where + " is not an ECDSA, RSA or Ed25519 public key larkops can use");
    }

    /** Whether {@code signature} (as cosign writes it: DER for ECDSA, PKCS#1 v1.5 for RSA) signs exactly {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        String scheme = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        try {
            Signature verifier = Signature.getInstance(scheme);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (" + path + ")";
    }
}
