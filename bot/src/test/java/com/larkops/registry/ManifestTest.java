package com.larkops.registry;

import com.larkops.model.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    static final String CONFIG = "sha256:" + "c".repeat(64);
    static final String LAYER1 = "sha256:" + "1".repeat(64);
    static final String LAYER2 = "sha256:" + "2".repeat(64);
    static final String ARM = "sha256:" + "a".repeat(64);
    static final String AMD = "sha256:" + "b".repeat(64);

    static final String IMAGE = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"%s"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":1000000,"digest":"%s"},
                       {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":234,"digest":"%s"}]}
            """.formatted(CONFIG, LAYER1, LAYER2);

    static final String INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":500,"digest":"%s","platform":{"os":"linux","architecture":"arm64"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":501,"digest":"%s","platform":{"os":"linux","architecture":"amd64"}}]}
            """.formatted(ARM, AMD);

    static Manifest manifest(String json, String mediaType) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new Manifest(bytes, mediaType, Manifest.sha256(bytes));
    }

    @Test
    void imageManifestHelpers() {
        Manifest m = manifest(IMAGE, MediaTypes.DOCKER_MANIFEST);
        assertThat(m.isIndex()).isFalse();
        assertThat(m.configDigest()).isEqualTo(Digest.parse(CONFIG));
        assertThat(m.layers()).extracting(d -> d.digest().value()).containsExactly(LAYER1, LAYER2);
        assertThat(m.layersSize()).isEqualTo(1_000_234);
        assertThat(m.totalSize()).isEqualTo(1_000_234 + 1469);
        assertThat(m.manifests()).isEmpty();
    }

    @Test
    void indexPicksLinuxAmd64() {
        Manifest index = manifest(INDEX, MediaTypes.OCI_INDEX);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.manifests()).hasSize(2);
        assertThat(index.pickPlatform().digest().value()).isEqualTo(AMD);
        assertThat(index.layers()).isEmpty();
        assertThatThrownBy(index::configDigest).isInstanceOf(IllegalStateException.class).hasMessageContaining("index");
    }

    @Test
    void indexWithoutAmd64PicksTheFirst() {
        Manifest index = manifest(INDEX.replace("amd64", "s390x"), MediaTypes.DOCKER_LIST);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.pickPlatform().digest().value()).isEqualTo(ARM);
    }

    @Test
    void digestIsTheHashOfTheExactBytes() {
        // the well-known SHA-256 of the empty string
        assertThat(Manifest.sha256(new byte[0]).value())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Manifest a = manifest(IMAGE, MediaTypes.DOCKER_MANIFEST);
        Manifest reformatted = manifest(IMAGE.replace("\n", ""), MediaTypes.DOCKER_MANIFEST);
        assertThat(a.digest()).isNotEqualTo(reformatted.digest());
    }

    @Test
    void bytesCannotBeChangedFromOutside() {
        byte[] original = IMAGE.getBytes(StandardCharsets.UTF_8);
        Manifest m = new Manifest(original, MediaTypes.DOCKER_MANIFEST, Manifest.sha256(original));
        original[0] = 'X';
        m.bytes()[1] = 'Y';
        assertThat(Manifest.sha256(m.bytes())).isEqualTo(m.digest());
    }

    @Test
    void equalityAndToString() {
        assertThat(manifest(IMAGE, MediaTypes.DOCKER_MANIFEST)).isEqualTo(manifest(IMAGE, MediaTypes.DOCKER_MANIFEST))
                .hasSameHashCodeAs(manifest(IMAGE, MediaTypes.DOCKER_MANIFEST));
        assertThat(manifest(IMAGE, MediaTypes.DOCKER_MANIFEST).toString())
                .contains(MediaTypes.DOCKER_MANIFEST).contains("sha256:").doesNotContain("layers");
    }

    @Test
    void mediaTypeBaseDropsParameters() {
        assertThat(MediaTypes.base("application/vnd.oci.image.manifest.v1+json; charset=utf-8")).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(MediaTypes.base(" ")).isNull();
        assertThat(MediaTypes.MANIFEST_ACCEPT).isEqualTo("application/vnd.oci.image.index.v1+json, "
                + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
                + "application/vnd.docker.distribution.manifest.v2+json");
    }
}
