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
 * through {@link Attachments}, each blob with a small byte limit. Every source is bounded on its own ({@link #MAX_SIG_LAYERS},
 * {@link #MAX_PER_REFERRER} per referrer) and all of them are verified, so junk in one never crowds out a valid one.
 */
public final class SignatureSources {
    static final String COSIGN_LAYER = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String COSIGN_ARTIFACT = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    static final String BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
    /** Candidates read from the cosign {@code .sig} tag's manifest (its layer list is bounded by {@link Attachments} too). */
    static final int MAX_SIG_LAYERS = 32;
    /** Candidates read from each referrer (a signature artifact holds one); the referrers list is bounded by {@link Attachments}. */
    static final int MAX_PER_REFERRER = 2;
    static final long MAX_PAYLOAD_BYTES = 64 << 10;
    static final long MAX_BUNDLE_BYTES = 256 << 10;

    private final Attachments registry;

    public SignatureSources(Attachments registry) {
        this.registry = registry;
    }

    public List<Candidate> find(String repository, Digest subject) {
        List<Candidate> out = new ArrayList<>();
        // each source has its own bound, so junk in one (a .sig tag full of layers) cannot hide a signature in another
        registry.cosignSignature(repository, subject).ifPresent(m -> cosignLayers(repository, m, out, MAX_SIG_LAYERS));
        for (Attachments.Referrer r : registry.referrers(repository, subject)) {
            if (r.artifactType().equals(COSIGN_ARTIFACT) || r.artifactType().startsWith(BUNDLE_PREFIX)) {
                Optional<Attachments.ArtifactManifest> m = registry.artifact(repository, r.digest());
                m.ifPresent(a -> {
                    cosignLayers(repository, a, out, MAX_PER_REFERRER);
                    bundleLayers(repository, a, out);
                });
            }
        }
        return List.copyOf(out);
    }

    private void cosignLayers(String repository, Attachments.ArtifactManifest m, List<Candidate> out, int max) {
        int taken = 0;
        for (Attachments.Layer l : m.layers()) {
            if (taken < max && l.mediaType().equals(COSIGN_LAYER) && l.size() <= MAX_PAYLOAD_BYTES) {
                Optional<byte[]> payload = blob(repository, l.digest(), MAX_PAYLOAD_BYTES);
                if (payload.isPresent()) {
                    out.add(new Candidate.SimpleSigning(m.digest(), payload.get(), l.annotations().get(SIGNATURE_ANNOTATION)));
                    taken++;
                }
            }
        }
    }

    private void bundleLayers(String repository, Attachments.ArtifactManifest m, List<Candidate> out) {
        int taken = 0;
        for (Attachments.Layer l : m.layers()) {
            if (taken < MAX_PER_REFERRER && l.mediaType().startsWith(BUNDLE_PREFIX) && l.size() <= MAX_BUNDLE_BYTES) {
                Optional<byte[]> json = blob(repository, l.digest(), MAX_BUNDLE_BYTES);
                if (json.isPresent()) {
                    out.add(new Candidate.Bundle(m.digest(), json.get()));
                    taken++;
                }
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
