package com.larkops.registry;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.Digest;
import com.larkops.model.InvalidInputException;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OCI Distribution API client: just the calls larkops needs to resolve tags to digests,
 * re-tag a digest (promotion without rebuilding), read what an image claims to be, and delete.
 * Each method builds a {@link RegistryRequest}; {@link RegistryHttp} sends it. Inputs are validated
 * before they reach a URL; failures come out as {@link RegistryException}s that say what to do next.
 */
public final class RegistryClient {
    /** Paging stops here: a registry that keeps sending Link headers cannot keep the bot reading forever. */
    static final int MAX_TAG_PAGES = 100;
    private static final Map<String, String> ACCEPT_MANIFESTS = Map.of("Accept", MediaTypes.MANIFEST_ACCEPT);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^<>]{1,2048})>[ \\t]{0,8};[ \\t]{0,8}rel=\"?next\"?");

    private final String host;
    private final RegistryHttp http;

    /**
     * @param host        {@code 127.0.0.1:5000} or {@code ccr.ccs.tencentyun.com}, no scheme
     * @param credentials a login, or {@link RegistryCredentials#none()}
     * @param insecure    plain HTTP to a non-loopback host; loopback hosts always use plain HTTP
     */
    public RegistryClient(String host, RegistryCredentials credentials, boolean insecure) {
        this.host = RegistryNames.host(host);
        this.http = new RegistryHttp(this.host, credentials, insecure);
    }

    public String host() {
        return host;
    }

    /** Read access to signatures and other artifacts attached to digests. */
    public Attachments attachments() {
        return new Attachments(host, http);
    }

    /** Checks the registry answers its API root ({@code GET /v2/}), logging in if it asks. */
    public void ping() {
        HttpResponse<byte[]> response = http.send(RegistryRequest.get("/v2/", null, Map.of()));
        if (response.statusCode() != 200) {
            throw new RegistryUnavailableException(Msg.of("app.registry.not_a_registry", host, response.statusCode()), host, null,
                    Msg.of("app.registry.next.check_host_setting"), null);
        }
    }

    /**
     * A tag or digest → the manifest digest as the registry reports it. HEAD first (cheap, and does
     * not count as a pull on Docker Hub); GET when HEAD gives no {@code Docker-Content-Digest}.
     */
    public Digest resolve(String repository, String reference) {
        String repo = RegistryNames.repository(repository);
        String ref = RegistryNames.reference(reference);
        HttpResponse<byte[]> head = http.send(RegistryRequest.head(manifestPath(repo, ref), repo, ACCEPT_MANIFESTS));
        if (head.statusCode() == 404) {
            throw notFound(repo, ref);
        }
        Optional<String> reported = head.statusCode() == 200 ? head.headers().firstValue("Docker-Content-Digest") : Optional.empty();
        if (reported.isPresent() && Digest.looksLikeDigest(reported.get())) {
            return registryDigest(reported.get(), repo);
        }
        return manifest(repo, ref).digest();
    }

    /** What {@code tag} points at now, or empty when there is no such tag (or repository). */
    public Optional<Digest> tagTarget(String repository, String tag) {
        RegistryNames.tag(tag);
        try {
            return Optional.of(resolve(repository, tag));
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The manifest exactly as stored; its digest is the SHA-256 of the bytes received. */
    public Manifest manifest(String repository, String reference) {
        String repo = RegistryNames.repository(repository);
        String ref = RegistryNames.reference(reference);
        HttpResponse<byte[]> response = http.send(RegistryRequest.get(manifestPath(repo, ref), repo, ACCEPT_MANIFESTS));
        if (response.statusCode() == 404) {
            throw notFound(repo, ref);
        }
        expect(response, 200, repo, Msg.of("app.registry.doing.manifest", RegistryNames.display(repo, ref)));
        byte[] bytes = response.body();
        String mediaType = MediaTypes.base(response.headers().firstValue("Content-Type").orElse(null));
        if (mediaType == null || mediaType.equals("application/json")) {
            mediaType = parse(() -> RegistryJson.read(bytes, "manifest").path("mediaType").asText(null), repo);
        }
        if (!MediaTypes.isKnownManifest(mediaType)) {
            // schema 1 and unknown types: their digest is not the hash of these bytes, so nothing below would hold
            throw new RegistryException(mediaType == null ? Msg.of("app.registry.manifest_type_unknown", host, RegistryNames.display(repo, ref))
                    : Msg.of("app.registry.manifest_type", host, RegistryNames.display(repo, ref), mediaType),
                    host, repo, Msg.of("app.registry.next.push_current"));
        }
        Digest digest = Manifest.sha256(bytes);
        if (Digest.looksLikeDigest(ref) && !digest.value().equals(ref)) {
            throw new RegistryException(Msg.of("app.registry.manifest_mismatch", host, RegistryNames.display(repo, ref), digest),
                    host, repo, Msg.of("app.registry.next.corrupt_types", mediaType));
        }
        return new Manifest(bytes, mediaType, digest);
    }

    /** Tags of the repository in the order the registry lists them; empty when the repository does not exist. */
    public List<String> listTags(String repository) {
        String repo = RegistryNames.repository(repository);
        List<String> tags = new ArrayList<>();
        String path = "/v2/" + repo + "/tags/list";
        for (int page = 0; path != null; page++) {
            if (page == MAX_TAG_PAGES) {
                throw new RegistryException(Msg.of("app.registry.too_many_tag_pages", host, MAX_TAG_PAGES, repo),
                        host, repo, Msg.of("app.registry.next.paging"));
            }
            HttpResponse<byte[]> response = http.send(RegistryRequest.get(path, repo, Map.of()));
            if (response.statusCode() == 404) {
                return List.of();
            }
            expect(response, 200, repo, Msg.of("app.registry.doing.tags"));
            JsonNode body = parse(() -> RegistryJson.read(response.body(), "tag list"), repo);
            body.path("tags").forEach(t -> tags.add(t.asText()));
            path = nextPage(response).orElse(null);
        }
        return List.copyOf(tags);
    }

    /**
     * Points {@code tag} at {@code digest} by PUTting the manifest's exact bytes and Content-Type
     * under the tag: no layers move and the digest cannot change.
     */
    public void tag(String repository, Digest digest, String tag) {
        String repo = RegistryNames.repository(repository);
        RegistryNames.tag(tag);
        Manifest manifest = manifest(repo, digest.value());
        HttpResponse<byte[]> response = http.send(RegistryRequest.put(manifestPath(repo, tag), repo,
                Map.of("Content-Type", manifest.mediaType()), manifest.bytes()));
        expect(response, 201, repo, Msg.of("app.registry.doing.tag", digest.shortForm(), tag));
        String stored = response.headers().firstValue("Docker-Content-Digest").orElse(digest.value());
        if (!stored.equals(digest.value())) {
            throw new RegistryException(Msg.of("app.registry.tag_mismatch", host, repo + ":" + tag, stored, digest), host, repo,
                    Msg.of("app.registry.next.check_tag"));
        }
    }

    /** The image config; for an index, the one of the linux/amd64 image (else the first). */
    public ImageConfig config(String repository, Digest digest) {
        String repo = RegistryNames.repository(repository);
        Manifest image = imageManifest(repo, digest);
        return configBlob(repo, digest, parse(image::configDigest, repo));
    }

    private ImageConfig configBlob(String repo, Digest digest, Digest configDigest) {
        HttpResponse<byte[]> response = http.send(RegistryRequest.get("/v2/" + repo + "/blobs/" + configDigest, repo, Map.of()));
        if (response.statusCode() == 404) {
            throw new RegistryNotFoundException(Msg.of("app.registry.config_missing", repo + "@" + digest.shortForm(), host), host, repo,
                    Msg.of("app.registry.next.incomplete"));
        }
        expect(response, 200, repo, Msg.of("app.registry.doing.config"));
        if (!Manifest.sha256(response.body()).equals(configDigest)) {
            throw new RegistryException(Msg.of("app.registry.config_mismatch", repo + "@" + digest.shortForm()),
                    host, repo, Msg.of("app.registry.next.corrupt_no_deploy"));
        }
        return parse(() -> ImageConfig.parse(response.body()), repo);
    }

    /** At most this many platform images of an index are read for their configs; an index with more is refused whole. */
    public static final int MAX_PLATFORMS = 16;

    /**
     * The config of every platform image ({@code os/arch} → config) of an index, or of the one image of a plain
     * manifest ("" → config): what a scan must read so that no platform escapes it. Attestation entries
     * ({@code unknown/unknown}) carry no runnable image and are skipped. More than {@link #MAX_PLATFORMS} platforms
     * is an error, never a partial answer.
     */
    public java.util.Map<String, ImageConfig> configs(String repository, Digest digest) {
        String repo = RegistryNames.repository(repository);
        Manifest manifest = manifest(repo, digest.value());
        java.util.Map<String, ImageConfig> out = new java.util.LinkedHashMap<>();
        if (!manifest.isIndex()) {
            out.put("", config(repo, digest));
            return out;
        }
        List<Descriptor> platforms = parse(manifest::manifests, repo).stream()
                .filter(d -> !"unknown".equals(d.os()) && !"unknown".equals(d.architecture())).toList();
        if (platforms.size() > MAX_PLATFORMS) {
            throw new RegistryException(Msg.of("app.registry.too_many_platforms", repo + "@" + digest.shortForm(), platforms.size(),
                    MAX_PLATFORMS), host, repo, Msg.of("app.registry.next.fewer_platforms"));
        }
        for (Descriptor d : platforms) {
            Manifest image = manifest(repo, d.digest().value());
            if (image.isIndex()) {
                throw new RegistryException(Msg.of("app.registry.nested_index", repo + "@" + digest.shortForm()), host, repo,
                        Msg.of("app.registry.next.flat_index"));
            }
            out.put(d.os() + "/" + d.architecture(), configBlob(repo, digest, parse(image::configDigest, repo)));
        }
        return out;
    }

    /** Config plus layer sizes of the image {@link #config} would read: roughly what a pull downloads. */
    public long size(String repository, Digest digest) {
        String repo = RegistryNames.repository(repository);
        Manifest image = imageManifest(repo, digest);
        return parse(image::totalSize, repo);
    }

    /** The sum of the layer sizes the image manifest {@link #config} would read states (nothing is pulled). */
    public long layersSize(String repository, Digest digest) {
        String repo = RegistryNames.repository(repository);
        Manifest image = imageManifest(repo, digest);
        return parse(image::layersSize, repo);
    }

    /** Deletes the manifest, which removes every tag pointing at it. Blobs stay until the registry's garbage collection. */
    public void delete(String repository, Digest digest) {
        String repo = RegistryNames.repository(repository);
        HttpResponse<byte[]> response = http.send(RegistryRequest.delete(manifestPath(repo, digest.value()), repo));
        if (response.statusCode() == 404) {
            throw notFound(repo, digest.value());
        }
        if (response.statusCode() == 405) {
            throw new RegistryException(Msg.of("app.registry.no_deletes", host), host, repo, Msg.of("app.registry.next.enable_deletes"));
        }
        expect(response, 202, repo, Msg.of("app.registry.doing.delete", digest.shortForm()));
    }

    private Manifest imageManifest(String repo, Digest digest) {
        Manifest manifest = manifest(repo, digest.value());
        if (!manifest.isIndex()) {
            return manifest;
        }
        return manifest(repo, parse(manifest::pickPlatform, repo).digest().value());
    }

    private static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    private RegistryNotFoundException notFound(String repo, String reference) {
        String service = repo.substring(repo.lastIndexOf('/') + 1);
        return new RegistryNotFoundException(Msg.of("app.registry.not_found", RegistryNames.display(repo, reference), host),
                host, repo, Msg.of("app.registry.next.images", service));
    }

    private void expect(HttpResponse<byte[]> response, int status, String repo, Text doing) {
        if (response.statusCode() != status) {
            throw new RegistryException(Msg.of("app.registry.unexpected", host, response.statusCode(),
                    RegistryErrors.summary(response.body()), doing, repo), host, repo, Msg.of("app.registry.next.request"));
        }
    }

    private Digest registryDigest(String text, String repo) {
        return parse(() -> Digest.parse(text), repo);
    }

    private Optional<String> nextPage(HttpResponse<byte[]> response) {
        Matcher m = NEXT_LINK.matcher(response.headers().firstValue("Link").orElse(""));
        if (!m.find()) {
            return Optional.empty();
        }
        URI next = response.uri().resolve(m.group(1));
        return Optional.of(next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
    }

    /** Runs a parse of registry output; malformed output is the registry's problem, reported as such. */
    private <T> T parse(java.util.function.Supplier<T> parsing, String repo) {
        try {
            return parsing.get();
        } catch (InvalidInputException | IllegalArgumentException | IllegalStateException e) {
            throw new RegistryException(Msg.of("app.registry.unreadable", host, e.getMessage()),
                    host, repo, Msg.of("app.registry.next.pushed_compatible"), e);
        }
    }
}
