package com.larkops.signature;

import com.fasterxml.jackson.databind.JsonNode;
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
        String where = "Sigstore bundle " + c.source().shortForm();
        JsonNode bundle = Json.read(c.json());
        if (!bundle.path("mediaType").asText("").startsWith("application/vnd.dev.sigstore.bundle")) {
            return Verdict.unsigned(where + " is not a Sigstore bundle");
        }
        JsonNode material = bundle.path("verificationMaterial");
        if (material.has("certificate") || material.has("x509CertificateChain")) {
            return Verdict.unsigned(where + " is keyless (Fulcio certificate); larkops verifies key-signed bundles only, offline");
        }
        JsonNode envelope = bundle.path("dsseEnvelope");
        if (envelope.isMissingNode()) {
            return Verdict.unsigned(where + " holds no DSSE envelope (message signatures over images are not supported)");
        }
        String payloadType = envelope.path("payloadType").asText("");
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(where + " has a payload that is not base64");
        }
        SigningKey by = signer(envelope.path("signatures"), pae(payloadType, payload), keys);
        if (by == null) {
            return Verdict.unsigned(where + " is not signed by a configured key (or its payload was altered)");
        }
        if (!IN_TOTO.equals(payloadType)) {
            return Verdict.unsigned(where + " signed by " + by.name() + " carries " + com.larkops.model.Text.clip(payloadType) + ", not an in-toto statement");
        }
        JsonNode statement = Json.read(payload);
        if (!STATEMENT_TYPES.contains(statement.path("_type").asText(""))) {
            return Verdict.unsigned("the bundle signed by " + by.name() + " is not an in-toto statement");
        }
        String predicate = statement.path("predicateType").asText("");
        if (!SIGNATURE_PREDICATE.equals(predicate)) {
            // the same key may attest other things (provenance, an SBOM, a scan): those are not a signature of the image
            return Verdict.unsigned("the bundle signed by " + by.name() + " attests " + (predicate.isEmpty() ? "no predicate type"
                    : com.larkops.model.Text.clip(predicate)) + ", not an image signature (" + SIGNATURE_PREDICATE + ")");
        }
        for (JsonNode s : statement.path("subject")) {
            if (subject.hex().equals(s.path("digest").path("sha256").asText(null))) {
                // a subject must name this repository: an unnamed one would vouch for the digest in any repository
                if (!ReferenceCheck.names(s.path("name").asText(""), repository)) {
                    return Verdict.unsigned("the bundle signed by " + by.name() + " names " + (s.path("name").asText("").isEmpty()
                            ? "no repository" : "another repository than " + repository) + " for this digest");
                }
                return Verdict.signed(by.name(), where);
            }
        }
        return Verdict.unsigned("the bundle signed by " + by.name() + " is for another digest");
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
