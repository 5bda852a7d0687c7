package com.larkops.retention;

import com.larkops.model.Digest;

/**
 * A manifest attached to a digest rather than an image: a cosign signature ({@code sha256-<hex>.sig}),
 * attestation or SBOM tag, a referrers-schema index ({@code sha256-<hex>}), or a referrer artifact (a Sigstore
 * bundle) that such an index or the referrers API lists. Never an image version.
 *
 * @param subject        the digest it is attached to
 * @param manifest       its own manifest digest (what a deletion removes)
 * @param tag            its tag, null for a referrer artifact (untagged)
 * @param kind           what it is, as shown in chat ("signature", "referrers index", "referrer …")
 * @param subjectPresent whether the registry still holds the subject; false = an orphan
 */
public record RegistryAttachment(String repository, Digest subject, Digest manifest, String tag, String kind,
                                 boolean subjectPresent) {
}
