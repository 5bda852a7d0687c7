package com.larkops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.Digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A manifest exactly as the registry stored it. The bytes are kept untouched because the digest
 * is the hash of these bytes: re-tagging must PUT them back verbatim, never re-serialised JSON.
 * The helpers read the JSON on demand; an index (multi-platform) has no config or layers of its own.
 */
public record Manifest(byte[] bytes, String mediaType, Digest digest) {

    public Manifest {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(digest, "digest");
        bytes = bytes.clone();
    }

    /** A copy, so no caller can alter what the digest vouches for. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** An OCI image index or a Docker manifest list: it points at one manifest per platform. */
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** The platform manifests of an index; empty for a single-image manifest. */
    public List<Descriptor> manifests() {
        return descriptors(json().path("manifests"));
    }

    /** The layer blobs of an image manifest, in order; empty for an index. */
    public List<Descriptor> layers() {
        return descriptors(json().path("layers"));
    }

    /** Sum of the compressed layer sizes as the manifest states them. */
    public long layersSize() {
        return layers().stream().mapToLong(Descriptor::size).sum();
    }

    /** The image config blob; an index has none, pick a platform manifest first. */
    public Descriptor config() {
        JsonNode config = json().path("config");
        if (isIndex() || config.isMissingNode()) {
            throw new IllegalStateException("manifest " + digest + " (" + mediaType + ") has no config; it is an index");
        }
        return Descriptor.from(config);
    }

    public Digest configDigest() {
        return config().digest();
    }

    /** Config plus layers: what a pull of this image downloads at most. */
    public long totalSize() {
        return config().size() + layersSize();
    }

    /** For an index, the linux/amd64 entry, else the first one: the image our hosts would run. */
    public Descriptor pickPlatform() {
        List<Descriptor> entries = manifests();
        if (entries.isEmpty()) {
            throw new IllegalStateException("index " + digest + " lists no manifests");
        }
        return entries.stream().filter(d -> d.isPlatform("linux", "amd64")).findFirst().orElse(entries.get(0));
    }

    /** {@code sha256:} of exactly these bytes. */
    public static Digest sha256(byte[] bytes) {
        try {
            return new Digest("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private JsonNode json() {
        return RegistryJson.read(bytes, "manifest " + digest);
    }

    private static List<Descriptor> descriptors(JsonNode array) {
        List<Descriptor> out = new ArrayList<>();
        array.forEach(node -> out.add(Descriptor.from(node)));
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && digest.equals(other.digest)
                && Objects.equals(mediaType, other.mediaType) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes]";
    }
}
