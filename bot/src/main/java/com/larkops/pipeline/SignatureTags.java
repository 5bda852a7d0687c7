package com.larkops.pipeline;

import com.larkops.model.Digest;

import java.util.Optional;

/**
 * The tags a signature arrives under, naming the digest it signs: cosign's {@code sha256-<hex>.sig}, and the OCI
 * referrers tag schema {@code sha256-<hex>} (an index of the digest's referrers, where Sigstore bundles and
 * cosign's referrer signatures land on registries without the referrers API). No regex: a fixed shape.
 */
final class SignatureTags {
    private static final String PREFIX = "sha256-";
    private static final int HEX = 64;

    private SignatureTags() {
    }

    /** The digest a signature tag names, or empty for any other tag. */
    static Optional<Digest> subject(String tag) {
        int end = PREFIX.length() + HEX;
        if (!tag.startsWith(PREFIX) || !(tag.length() == end || (tag.length() == end + 4 && tag.endsWith(".sig")))) {
            return Optional.empty();
        }
        String hex = tag.substring(PREFIX.length(), end);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
        }
        return Optional.of(Digest.parse("sha256:" + hex));
    }
}
