package com.larkops.registry;

import java.util.Locale;

/** The manifest media types larkops understands, and the Accept header that asks for them. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /**
     * Sent on every manifest request. Without it distribution 2.8 down-converts to schema 1 and
     * reports a different digest than the one docker pushed.
     */
    public static final String MANIFEST_ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    static boolean isKnownManifest(String mediaType) {
        return isIndex(mediaType) || OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** {@code Content-Type} without parameters such as {@code ; charset=utf-8}, lower case. */
    static String base(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return base.isEmpty() ? null : base;
    }
}
