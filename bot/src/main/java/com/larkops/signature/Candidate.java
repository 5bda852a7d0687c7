package com.larkops.signature;

import com.larkops.model.Digest;

/** Something found in the registry that may be a signature over a digest; {@code source} is the manifest it came from. */
public sealed interface Candidate {
    Digest source();

    /** A cosign simple-signing payload with the base64 signature from its layer annotation. */
    record SimpleSigning(Digest source, byte[] payload, String signatureBase64) implements Candidate {
    }

    /** A Sigstore bundle (JSON), attached as an OCI referrer. */
    record Bundle(Digest source, byte[] json) implements Candidate {
    }
}
