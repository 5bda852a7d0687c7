package com.larkops.registry;

import com.larkops.model.Digest;
import com.larkops.testing.RegistryProbe;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the client against a real distribution registry with images pushed by the real docker CLI. */
class RegistryClientIT {
    /** Own repositories: the test registry is shared by every IT class in the JVM. */
    private static final String REPO = "registry-it/echo";
    private static final String DOOMED = "registry-it/doomed";
    private static String host;
    private static RegistryClient client;
    private static Digest pushed;

    @BeforeAll
    static void pushImage() {
        host = TestRegistry.get().host();
        client = new RegistryClient(host, RegistryCredentials.none(), false);
        pushed = Digest.parse(TestImages.push(host, REPO, "1.4.2", "1.4.2", TestImages.Kind.HEALTHY));
    }

    @Test
    void pingsTheRegistry() {
        client.ping();
    }

    @Test
    void resolvesATagToTheDigestDockerPushed() {
        assertThat(client.resolve(REPO, "1.4.2")).isEqualTo(pushed);
        assertThat(client.resolve(REPO, pushed.value())).isEqualTo(pushed);
    }

    @Test
    void readsTheManifestBytesWhoseHashIsTheDigest() {
        Manifest manifest = client.manifest(REPO, "1.4.2");
        assertThat(manifest.digest()).isEqualTo(pushed);
        assertThat(Manifest.sha256(manifest.bytes())).isEqualTo(pushed);
        assertThat(manifest.isIndex()).isFalse();
        assertThat(manifest.layers()).isNotEmpty();
    }

    @Test
    void retagsByManifestWithoutChangingTheDigest() {
        client.tag(REPO, pushed, "staging");
        assertThat(client.resolve(REPO, "staging")).isEqualTo(pushed);
        assertThat(new RegistryProbe(host).requireDigest(REPO, "staging")).isEqualTo(pushed.value());
        assertThat(client.tagTarget(REPO, "staging")).contains(pushed);
    }

    @Test
    void listsTags() {
        client.tag(REPO, pushed, "1.4.2_git.ab12cd3");
        assertThat(client.listTags(REPO)).contains("1.4.2", "1.4.2_git.ab12cd3");
        assertThat(client.listTags("registry-it/never-pushed")).isEmpty();
    }

    @Test
    void readsTheImageConfig() {
        ImageConfig config = client.config(REPO, pushed);
        assertThat(config.labels()).containsEntry("org.opencontainers.image.version", "1.4.2");
        assertThat(config.created()).isNotNull().isBefore(Instant.now().plusSeconds(60));
        assertThat(config.history()).anySatisfy(h -> assertThat(h.createdBy()).contains("COPY"));
    }

    @Test
    void sizeCountsConfigAndLayers() {
        long size = client.size(REPO, pushed);
        assertThat(size).isGreaterThan(100_000); // the static busybox alone is about 1 MB compressed
    }

    @Test
    void missingTagIsNotFoundWithAHint() {
        assertThatThrownBy(() -> client.resolve(REPO, "9.9.9"))
                .isInstanceOf(RegistryNotFoundException.class)
                .hasMessage(REPO + ":9.9.9 is not in registry " + host + "; /images echo lists what is there");
        assertThat(client.tagTarget(REPO, "9.9.9")).isEmpty();
        assertThat(client.tagTarget("registry-it/nothing-here", "prod")).isEmpty();
    }

    @Test
    void deleteRemovesEveryTagPointingAtTheDigest() {
        Digest doomed = Digest.parse(TestImages.push(host, DOOMED, "0.1.0", "0.1.0", TestImages.Kind.HEALTHY));
        client.tag(DOOMED, doomed, "prod");

        client.delete(DOOMED, doomed);

        assertThatThrownBy(() -> client.resolve(DOOMED, "0.1.0")).isInstanceOf(RegistryNotFoundException.class);
        assertThatThrownBy(() -> client.resolve(DOOMED, "prod")).isInstanceOf(RegistryNotFoundException.class);
        assertThat(client.tagTarget(DOOMED, "prod")).isEmpty();
        assertThatThrownBy(() -> client.delete(DOOMED, doomed)).isInstanceOf(RegistryNotFoundException.class);
    }

    @Test
    void unreachableRegistryIsUnavailable() {
        RegistryClient nowhere = new RegistryClient("127.0.0.1:9", RegistryCredentials.none(), false);
        assertThatThrownBy(nowhere::ping).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:9");
    }
}
