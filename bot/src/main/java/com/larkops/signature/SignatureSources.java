package com.larkops.signature;

import com.larkops.model.Digest;
import com.larkops.registry.Attachments;
import com.larkops.registry.RegistryNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the signature candidates the registry holds for a digest: the layers of the cosign {@code .sig}
 * tag, cosign signatures attached as OCI referrers, and Sigstore bundles attached as referrers. Reads only
 * through {@link Attachments}, each blob with a small byte limit, at most {@link #MAX_CANDIDATES} in all.
 */
public final class SignatureSources {
    static final String COSIGN_LAYER = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String COSIGN_ARTIFACT = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    static final String BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
    static final int MAX_CANDIDATES = 16;
    static final long MAX_PAYLOAD_BYTES = 64 << 10;
    static final long MAX_BUNDLE_BYTES = 256 << 10;

    private final Attachments registry;

    public SignatureSources(Attachments registry) {
        this.registry = registry;
    }

    public List<Candidate> find(String repository, Digest subject) {
        List<Candidate> out = new ArrayList<>();
        registry.cosignSignature(repository, subject).ifPresent(m -> cosignLayers(repository, m, out));
        for (Attachments.Referrer r : registry.referrers(repository, subject)) {
            if (out.size() >= MAX_CANDIDATES) {
                break;
            }
            if (r.artifactType().equals(COSIGN_ARTIFACT) || r.artifactType().startsWith(BUNDLE_PREFIX)) {
                Optional<Attachments.ArtifactManifest> m = registry.artifact(repository, r.digest());
                m.ifPresent(a -> {
                    cosignLayers(repository, a, out);
                    bundleLayers(repository, a, out);
                });
            }
        }
        return List.copyOf(out);
    }

    private void cosignLayers(String repository, Attachments.ArtifactManifest m, List<Candidate> out) {
        for (Attachments.Layer l : m.layers()) {
            if (out.size() < MAX_CANDIDATES && l.mediaType().equals(COSIGN_LAYER) && l.size() <= MAX_PAYLOAD_BYTES) {
                blob(repository, l.digest(), MAX_PAYLOAD_BYTES).ifPresent(payload ->
                        out.add(new Candidate.SimpleSigning(m.digest(), payload, l.annotations().get(SIGNATURE_ANNOTATION))));
            }
        }
    }

    private void bundleLayers(String repository, Attachments.ArtifactManifest m, List<Candidate> out) {
        for (Attachments.Layer l : m.layers()) {
            if (out.size() < MAX_CANDIDATES && l.mediaType().startsWith(BUNDLE_PREFIX) && l.size() <= MAX_BUNDLE_BYTES) {
                blob(repository, l.digest(), MAX_BUNDLE_BYTES).ifPresent(json -> out.add(new Candidate.Bundle(m.digest(), json)));
            }
        }
    }

    private Optional<byte[]> blob(String repository, Digest digest, long limit) {
        try {
            return Optional.of(registry.blob(repository, digest, limit));
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        }
    }
}
