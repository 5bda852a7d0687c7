package com.larkops.model;

import java.util.Optional;

/**
 * A tag that names something attached to a digest, not an image version: cosign's {@code sha256-<hex>.sig}
 * (and its {@code .att}, {@code .sbom}), and the OCI referrers tag schema's {@code sha256-<hex>}. Nobody deploys
 * these; retention deletes them with their subject and never counts them as versions.
 */
public record AttachmentTag(String tag, Digest subject, Kind kind) {
    private static final String PREFIX = "sha256-";
    private static final int HEX = 64;

    public enum Kind {
        SIGNATURE(".sig", "signature"),
        ATTESTATION(".att", "attestation"),
        SBOM(".sbom", "SBOM"),
        REFERRERS("", "referrers index");

        private final String suffix;
        private final String label;

        Kind(String suffix, String label) {
            this.suffix = suffix;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The tag under which an attachment of this kind to {@code subject} is pushed, e.g. {@code sha256-<hex>.sig}. */
    public static String tagOf(Digest subject, Kind kind) {
        return PREFIX + subject.hex() + kind.suffix;
    }

    /** The attachment a tag names, or empty for an ordinary tag. No regex: tags come from the registry. */
    public static Optional<AttachmentTag> parse(String tag) {
        if (tag == null || !tag.startsWith(PREFIX) || tag.length() < PREFIX.length() + HEX) {
            return Optional.empty();
        }
        String hex = tag.substring(PREFIX.length(), PREFIX.length() + HEX);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        String rest = tag.substring(PREFIX.length() + HEX);
        for (Kind kind : Kind.values()) {
            if (rest.equals(kind.suffix)) {
                return Optional.of(new AttachmentTag(tag, new Digest("sha256:" + hex), kind));
            }
        }
        return Optional.empty();
    }

    /** The digest whose signatures may have just arrived under {@code tag}: a cosign {@code .sig} tag or a referrers index. */
    public static Optional<Digest> signatureSubject(String tag) {
        return parse(tag).filter(a -> a.kind() == Kind.SIGNATURE || a.kind() == Kind.REFERRERS).map(AttachmentTag::subject);
    }

    public static boolean isAttachment(String tag) {
        return parse(tag).isPresent();
    }
}
