package com.larkops.signature;

import com.larkops.model.Digest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A signature made by cosign itself (v3.0.4, {@code cosign sign --key … --tlog-upload=false}), as published in
 * the test data of an open-source project (tobby-fetch, sigverify tests): the public key, the simple-signing
 * payload blob exactly as cosign wrote it, and the signature from its layer annotation. Checked with
 * {@code openssl dgst -sha256 -verify} before it was copied here. The only cosign-made data in these tests.
 */
final class CosignVector {
    static final String PUBLIC_KEY = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEA9oFvTJJuu0cszKBsiuqfFYN3NLV
            meleaASYW5l+nqDxoUg4f8177owlgVD89pZQ9jUxP8dbibmDJpvcjBo9RQ==
            -----END PUBLIC KEY-----
            """;
    static final String REPOSITORY = "tobby/fixture";
    static final Digest SUBJECT = Digest.parse("sha256:f20c43161d73848408ef247f0ec7111b19fe58ffebc0cbcaa0d2c8bda4967268");
    static final byte[] PAYLOAD = ("{\"critical\":{\"identity\":{\"docker-reference\":\"localhost:15381/tobby/fixture\"},\"image\":"
            + "{\"docker-manifest-digest\":\"sha256:f20c43161d73848408ef247f0ec7111b19fe58ffebc0cbcaa0d2c8bda4967268\"},"
            + "\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    static final Digest PAYLOAD_DIGEST = Digest.parse("sha256:3a29d26a2fc848d25ccf9c2288194ca90599e70ef69087644f186e5e7331f28b");
    static final String SIGNATURE = "MEUCIEB+pz4s+9yxG+Om/bukeAfwloKFEISUhxLvIYlP02P8AiEAz1oNkilC+cprxcrEHqN0vxM+zvP34ikHFzi8e7Sevls=";

    private CosignVector() {
    }

    static SigningKey key(Path dir) throws Exception {
        return SigningKey.load(Files.writeString(dir.resolve("cosign.pub"), PUBLIC_KEY));
    }
}
