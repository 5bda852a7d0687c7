package com.larkops.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.i18n.Msg;
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
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_no_annotation", c.source().shortForm()));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(c.signatureBase64().trim());
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_not_base64", c.source().shortForm()));
        }
        SigningKey by = keys.stream().filter(k -> k.verifies(c.payload(), signature)).findFirst().orElse(null);
        if (by == null) {
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_unknown_key", c.source().shortForm()));
        }
        JsonNode critical = Json.read(c.payload()).path("critical");
        if (!TYPE.equals(critical.path("type").asText(null))) {
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_not_image", c.source().shortForm()));
        }
        if (!subject.value().equals(critical.path("image").path("docker-manifest-digest").asText(null))) {
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_other_digest", by.name()));
        }
        if (!ReferenceCheck.names(critical.path("identity").path("docker-reference").asText(null), repository)) {
            return Verdict.unsigned(Msg.of("pipeline.signature.cosign_other_repository", by.name(), repository));
        }
        return Verdict.signed(by.name(), Msg.of("pipeline.signature.cosign_source", c.source().shortForm()));
    }
}
