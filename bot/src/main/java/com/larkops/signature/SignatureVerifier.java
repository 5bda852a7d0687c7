package com.larkops.signature;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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
            return Verdict.unsigned(Msg.of("pipeline.signature.none_found", subject.shortForm()));
        }
        List<Text> reasons = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Candidate c : candidates) {
            Verdict v = c instanceof Candidate.SimpleSigning s ? SimpleSigningCheck.check(s, subject, repository, keys)
                    : BundleCheck.check((Candidate.Bundle) c, subject, repository, keys);
            if (v.isSigned()) {
                return v;
            }
            if (!seen.contains(v.detail())) {
                seen.add(v.detail());
                reasons.add(v.why());
            }
        }
        return Verdict.unsigned(Text.joined("; ", reasons.subList(0, Math.min(3, reasons.size()))));
    }
}
