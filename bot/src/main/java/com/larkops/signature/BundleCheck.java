package com.larkops.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore bundle verified offline, with the configured keys as the pinned trust root: a key-signed DSSE
 * envelope whose in-toto statement (predicate type {@link #SIGNATURE_PREDICATE}) has a subject with exactly the
 * digest being deployed, named as the service's repository. Keyless bundles (a Fulcio certificate, proven by Rekor online) cannot be
 * checked on a machine without those services and are reported as such, never accepted. Transparency-log
 * entries in a key-signed bundle are not required and not checked: the key alone vouches.
 */
final class BundleCheck {
    static final String IN_TOTO = "application/vnd.in-toto+json";
    /** The predicate of a signature over an image (what cosign and deploy/sigstore sign); other predicates are attestations. */
    static final String SIGNATURE_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
    static final java.util.Set<String> STATEMENT_TYPES = java.util.Set.of("https://in-toto.io/Statement/v1",
            "https://in-toto.io/Statement/v0.1");
    private static final int MAX_SIGNATURES = 8;

    private BundleCheck() {
    }

    static Verdict check(Candidate.Bundle c, Digest subject, String repository, List<SigningKey> keys) {
        String where = c.source().shortForm();
        JsonNode bundle = Json.read(c.json());
        if (!bundle.path("mediaType").asText("").startsWith("application/vnd.dev.sigstore.bundle")) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_not_bundle", where));
        }
        JsonNode material = bundle.path("verificationMaterial");
        if (material.has("certificate") || material.has("x509CertificateChain")) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_keyless", where));
        }
        JsonNode envelope = bundle.path("dsseEnvelope");
        if (envelope.isMissingNode()) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_no_dsse", where));
        }
        String payloadType = envelope.path("payloadType").asText("");
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_not_base64", where));
        }
        SigningKey by = signer(envelope.path("signatures"), pae(payloadType, payload), keys);
        if (by == null) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_unknown_key", where));
        }
        if (!IN_TOTO.equals(payloadType)) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_payload_type", where, by.name(), com.larkops.model.Text.clip(payloadType)));
        }
        JsonNode statement = Json.read(payload);
        if (!STATEMENT_TYPES.contains(statement.path("_type").asText(""))) {
            return Verdict.unsigned(Msg.of("pipeline.signature.bundle_not_statement", by.name()));
        }
        String predicate = statement.path("predicateType").asText("");
        if (!SIGNATURE_PREDICATE.equals(predicate)) {
            // the same key may attest other things (provenance, an SBOM, a scan): those are not a signature of the image
            return Verdict.unsigned(predicate.isEmpty()
                    ? Msg.of("pipeline.signature.bundle_no_predicate", by.name(), SIGNATURE_PREDICATE)
                    : Msg.of("pipeline.signature.bundle_predicate", by.name(), com.larkops.model.Text.clip(predicate), SIGNATURE_PREDICATE));
        }
        for (JsonNode s : statement.path("subject")) {
            if (subject.hex().equals(s.path("digest").path("sha256").asText(null))) {
                // a subject must name this repository: an unnamed one would vouch for the digest in any repository
                if (!ReferenceCheck.names(s.path("name").asText(""), repository)) {
                    return Verdict.unsigned(s.path("name").asText("").isEmpty()
                            ? Msg.of("pipeline.signature.bundle_no_repository", by.name())
                            : Msg.of("pipeline.signature.bundle_other_repository", by.name(), repository));
                }
                return Verdict.signed(by.name(), Msg.of("pipeline.signature.bundle_source", where));
            }
        }
        return Verdict.unsigned(Msg.of("pipeline.signature.bundle_other_digest", by.name()));
    }

    private static SigningKey signer(JsonNode signatures, byte[] signed, List<SigningKey> keys) {
        int n = 0;
        for (JsonNode s : signatures) {
            if (++n > MAX_SIGNATURES) {
                break;
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(s.path("sig").asText(""));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (SigningKey k : keys) {
                if (sig.length > 0 && k.verifies(signed, sig)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** DSSE's pre-authentication encoding: what the envelope's signatures sign. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }
}
