package com.larkops.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.Digest;

import java.util.Base64;
import java.util.List;

/**
 * A cosign signature: the simple-signing payload must be signed by one of the keys, say
 * {@code type: cosign container image signature}, carry exactly the digest being deployed in
 * {@code critical.image.docker-manifest-digest}, and name the service's repository in
 * {@code critical.identity.docker-reference} (see {@link ReferenceCheck}).
 */
final class SimpleSigningCheck {
    static final String TYPE = "cosign container image signature";
    private static final int MAX_SIGNATURE_CHARS = 2048;

    private SimpleSigningCheck() {
    }

    static Verdict check(Candidate.SimpleSigning c, Digest subject, String repository, List<SigningKey> keys) {
        if (c.signatureBase64() == null || c.signatureBase64().isEmpty() || c.signatureBase64().length() > MAX_SIGNATURE_CHARS) {
            return Verdict.unsigned("cosign signature " + c.source().shortForm() + " has no usable signature annotation");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(c.signatureBase64().trim());
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned("cosign signature " + c.source().shortForm() + " is not base64");
        }
        SigningKey by = keys.stream().filter(k -> k.verifies(c.payload(), signature)).findFirst().orElse(null);
        if (by == null) {
            return Verdict.unsigned("cosign signature " + c.source().shortForm() + " is not by a configured key (or its payload was altered)");
        }
        JsonNode critical = Json.read(c.payload()).path("critical");
        if (!TYPE.equals(critical.path("type").asText(null))) {
            return Verdict.unsigned("cosign payload " + c.source().shortForm() + " is not a container image signature");
        }
        if (!subject.value().equals(critical.path("image").path("docker-manifest-digest").asText(null))) {
            return Verdict.unsigned("the signature by " + by.name() + " is for another digest");
        }
        if (!ReferenceCheck.names(critical.path("identity").path("docker-reference").asText(null), repository)) {
            return Verdict.unsigned("the signature by " + by.name() + " names another repository than " + repository);
        }
        return Verdict.signed(by.name(), "cosign signature " + c.source().shortForm());
    }
}
