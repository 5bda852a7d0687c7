package com.larkops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Signing keys for tests: a fresh key pair as PEM files (public SPKI, private PKCS#8), as cosign and node read them. */
public record TestKeys(KeyPair pair, Path publicPem, Path privatePem) {

    public static TestKeys ecdsa(Path dir, String name) {
        return write(dir, name, generate("EC", new ECGenParameterSpec("secp256r1")));
    }

    public static TestKeys rsa(Path dir, String name) {
        return write(dir, name, generate("RSA", null));
    }

    public static TestKeys ed25519(Path dir, String name) {
        return write(dir, name, generate("Ed25519", null));
    }

    /** A signature as cosign makes one with this key: SHA-256 ECDSA (DER), RSA PKCS#1 v1.5, or Ed25519. */
    public byte[] sign(byte[] data) {
        String scheme = switch (pair.getPrivate().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        try {
            Signature s = Signature.getInstance(scheme);
            s.initSign(pair.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestKeys write(Path dir, String name, KeyPair pair) {
        try {
            Path pub = dir.resolve(name + ".pub");
            Path key = dir.resolve(name + ".key");
            Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return new TestKeys(pair, pub, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
