package com.larkops.registry;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.AttachmentTag;
import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what is attached to a digest: the cosign signature tag ({@code sha256-<hex>.sig}), the OCI 1.1
 * referrers (the API, or the referrers tag schema {@code sha256-<hex>} where the registry answers 404), and the
 * manifests and blobs they point at. Read-only and bounded: every answer has a byte limit, every list a count
 * limit, and every manifest or blob must hash to the digest it was asked for.
 */
public final class Attachments {
    static final long MAX_MANIFEST_BYTES = 256 << 10;
    static final long MAX_INDEX_BYTES = 1 << 20;
    static final int MAX_ENTRIES = 32;
    private static final Map<String, String> ACCEPT_INDEX = Map.of("Accept", MediaTypes.OCI_INDEX);
    private static final Map<String, String> ACCEPT_MANIFEST = Map.of("Accept", MediaTypes.OCI_MANIFEST + ", " + MediaTypes.DOCKER_MANIFEST);

    private final String host;
    private final RegistryHttp http;

    Attachments(String host, RegistryHttp http) {
        this.host = host;
        this.http = http;
    }

    /** One entry of a referrers list: what kind of artifact refers to the subject, and where its manifest is. */
    public record Referrer(String artifactType, String mediaType, Digest digest, long size) {
    }

    /** A layer of a signature or attestation manifest, with its annotations (where cosign keeps the signature). */
    public record Layer(String mediaType, Digest digest, long size, Map<String, String> annotations) {
    }

    /** A small artifact manifest (signature, bundle): its own artifact type (or config type) and its layers. */
    public record ArtifactManifest(Digest digest, String artifactType, List<Layer> layers) {
    }

    /** The manifest cosign's tag convention points at for {@code subject}, if there is one. */
    public Optional<ArtifactManifest> cosignSignature(String repository, Digest subject) {
        return artifact(repository, AttachmentTag.tagOf(subject, AttachmentTag.Kind.SIGNATURE), null);
    }

    /**
     * The referrers of {@code subject}: the registry's referrers API, or where it answers 404 (distribution 2.8
     * has no such API) or another client error, the index under the referrers tag schema. Empty when neither exists.
     */
    public List<Referrer> referrers(String repository, Digest subject) {
        String repo = RegistryNames.repository(repository);
        HttpResponse<byte[]> response = http.send(RegistryRequest.get("/v2/" + repo + "/referrers/" + subject, repo, ACCEPT_INDEX)
                .limitedTo(MAX_INDEX_BYTES));
        if (response.statusCode() >= 400) {
            // 404 is what the spec says a registry without the API answers; some answer 400 or 405 instead
            response = http.send(RegistryRequest.get("/v2/" + repo + "/manifests/" + AttachmentTag.tagOf(subject, AttachmentTag.Kind.REFERRERS), repo,
                    ACCEPT_INDEX)
                    .limitedTo(MAX_INDEX_BYTES));
            if (response.statusCode() == 404) {
                return List.of();
            }
        }
        expect(response, repo, Msg.of("app.registry.doing.referrers", subject.shortForm()));
        byte[] body = response.body();
        return read(repo, () -> {
            List<Referrer> out = new ArrayList<>();
            for (JsonNode m : RegistryJson.read(body, "referrers index").path("manifests")) {
                if (out.size() == MAX_ENTRIES) {
                    break;
                }
                out.add(new Referrer(m.path("artifactType").asText(""), m.path("mediaType").asText(""),
                        Digest.parse(m.path("digest").asText(null)), m.path("size").asLong(0)));
            }
            return List.copyOf(out);
        });
    }

    /** An artifact manifest by digest (from a referrers list); empty when it is gone. */
    public Optional<ArtifactManifest> artifact(String repository, Digest digest) {
        return artifact(repository, digest.value(), digest);
    }

    /** A blob of at most {@code maxBytes}, checked against its digest. */
    public byte[] blob(String repository, Digest digest, long maxBytes) {
        String repo = RegistryNames.repository(repository);
        HttpResponse<byte[]> response = http.send(RegistryRequest.get("/v2/" + repo + "/blobs/" + digest, repo, Map.of())
                .limitedTo(maxBytes));
        if (response.statusCode() == 404) {
            throw new RegistryNotFoundException(Msg.of("app.registry.blob_missing", digest.shortForm(), repo, host),
                    host, repo, Msg.of("app.registry.next.push_signature"));
        }
        expect(response, repo, Msg.of("app.registry.doing.blob", digest.shortForm()));
        if (!Manifest.sha256(response.body()).equals(digest)) {
            throw new RegistryException(Msg.of("app.registry.blob_mismatch", digest.shortForm(), repo), host, repo,
                    Msg.of("app.registry.next.corrupt"));
        }
        return response.body();
    }

    private Optional<ArtifactManifest> artifact(String repository, String reference, Digest expected) {
        String repo = RegistryNames.repository(repository);
        RegistryNames.reference(reference);
        HttpResponse<byte[]> response = http.send(RegistryRequest.get("/v2/" + repo + "/manifests/" + reference, repo, ACCEPT_MANIFEST)
                .limitedTo(MAX_MANIFEST_BYTES));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, repo, Msg.of("app.registry.doing.read", RegistryNames.display(repo, reference)));
        byte[] bytes = response.body();
        Digest digest = Manifest.sha256(bytes);
        if (expected != null && !digest.equals(expected)) {
            throw new RegistryException(Msg.of("app.registry.manifest_mismatch", host, RegistryNames.display(repo, reference), digest),
                    host, repo, Msg.of("app.registry.next.corrupt"));
        }
        return Optional.of(read(repo, () -> {
            JsonNode json = RegistryJson.read(bytes, "signature manifest");
            String type = json.path("artifactType").asText(json.path("config").path("mediaType").asText(""));
            List<Layer> layers = new ArrayList<>();
            for (JsonNode l : json.path("layers")) {
                if (layers.size() == MAX_ENTRIES) {
                    break;
                }
                Map<String, String> annotations = new LinkedHashMap<>();
                l.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
                layers.add(new Layer(l.path("mediaType").asText(""), Digest.parse(l.path("digest").asText(null)),
                        l.path("size").asLong(0), Map.copyOf(annotations)));
            }
            return new ArtifactManifest(digest, type, List.copyOf(layers));
        }));
    }

    private void expect(HttpResponse<byte[]> response, String repo, Text doing) {
        if (response.statusCode() != 200) {
            throw new RegistryException(Msg.of("app.registry.unexpected", host, response.statusCode(),
                    RegistryErrors.summary(response.body()), doing, repo), host, repo, Msg.of("app.registry.next.logs"));
        }
    }

    private <T> T read(String repo, java.util.function.Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (InvalidInputException | IllegalArgumentException | IllegalStateException e) {
            throw new RegistryException(Msg.of("app.registry.signature_unreadable", host, e.getMessage()),
                    host, repo, Msg.of("app.registry.next.push_signature_tool"), e);
        }
    }
}
