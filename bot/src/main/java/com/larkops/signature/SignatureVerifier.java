package com.larkops.signature;

import com.larkops.model.Digest;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure: given what the registry holds next to a digest, is it signed by one of the keys? The first candidate
 * that passes every check wins; otherwise the answer says why the best candidates failed.
 */
public final class SignatureVerifier {
    private SignatureVerifier() {
    }

    public static Verdict verify(List<Candidate> candidates, Digest subject, String repository, List<SigningKey> keys) {
        if (candidates.isEmpty()) {
            return Verdict.unsigned("no signature found for " + subject.shortForm()
                    + " (neither a cosign .sig tag nor a Sigstore referrer)");
        }
        List<String> reasons = new ArrayList<>();
        for (Candidate c : candidates) {
            Verdict v = c instanceof Candidate.SimpleSigning s ? SimpleSigningCheck.check(s, subject, repository, keys)
                    : BundleCheck.check((Candidate.Bundle) c, subject, repository, keys);
            if (v.isSigned()) {
                return v;
            }
            if (!reasons.contains(v.detail())) {
                reasons.add(v.detail());
            }
        }
        return Verdict.unsigned(String.join("; ", reasons.subList(0, Math.min(3, reasons.size()))));
    }
}
