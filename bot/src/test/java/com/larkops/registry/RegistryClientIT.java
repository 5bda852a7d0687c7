package com.larkops.registry;

import com.larkops.model.Digest;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the client against a real distribution registry with images pushed by the real docker CLI. */
class RegistryClientIT {
    private static String host;
    private static RegistryClient client;
    private static Digest pushed;

    @BeforeAll
    static void pushImage() {
        host = TestRegistry.get().host();
        client = new RegistryClient(host, RegistryCredentials.none(), false);
        pushed = Digest.parse(TestImages.push(host, "skills/echo", "1.4.2", "1.4.2", TestImages.Kind.HEALTHY));
    }

    @Test
    void pingsTheRegistry() {
        client.ping();
    }

    @Test
    void resolvesATagToTheDigestDockerPushed() {
        assertThat(client.resolve("skills/echo", "1.4.2")).isEqualTo(pushed);
        assertThat(client.resolve("skills/echo", pushed.value())).isEqualTo(pushed);
    }

    @Test
    void readsTheManifestBytesWhoseHashIsTheDigest() {
        Manifest manifest = client.manifest("skills/echo", "1.4.2");
        assertThat(manifest.digest()).isEqualTo(pushed);
        assertThat(Manifest.sha256(manifest.bytes())).isEqualTo(pushed);
        assertThat(manifest.isIndex()).isFalse();
        assertThat(manifest.layers()).isNotEmpty();
    }

    @Test
    void retagsByManifestWithoutChangingTheDigest() {
        client.tag("skills/echo", pushed, "staging");
        assertThat(client.resolve("skills/echo", "staging")).isEqualTo(pushed);
        String skopeo = TestImages.run(null, "skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + host + "/skills/echo:staging");
        assertThat(skopeo.trim()).isEqualTo(pushed.value());
        assertThat(client.tagTarget("skills/echo", "staging")).contains(pushed);
    }

    @Test
    void listsTags() {
        client.tag("skills/echo", pushed, "1.4.2_git.ab12cd3");
        assertThat(client.listTags("skills/echo")).contains("1.4.2", "1.4.2_git.ab12cd3");
        assertThat(client.listTags("skills/never-pushed")).isEmpty();
    }

    @Test
    void readsTheImageConfig() {
        ImageConfig config = client.config("skills/echo", pushed);
        assertThat(config.labels()).containsEntry("org.opencontainers.image.version", "1.4.2");
        assertThat(config.created()).isNotNull().isBefore(Instant.now().plusSeconds(60));
        assertThat(config.history()).anySatisfy(h -> assertThat(h.createdBy()).contains("COPY"));
    }

    @Test
    void sizeCountsConfigAndLayers() {
        long size = client.size("skills/echo", pushed);
        assertThat(size).isGreaterThan(100_000); // the static busybox alone is about 1 MB compressed
    }

    @Test
    void missingTagIsNotFoundWithAHint() {
        assertThatThrownBy(() -> client.resolve("skills/echo", "9.9.9"))
                .isInstanceOf(RegistryNotFoundException.class)
                .hasMessage("skills/echo:9.9.9 is not in registry " + host + "; /images echo lists what is there");
        assertThat(client.tagTarget("skills/echo", "9.9.9")).isEmpty();
        assertThat(client.tagTarget("skills/nothing-here", "prod")).isEmpty();
    }

    @Test
    void deleteRemovesEveryTagPointingAtTheDigest() {
        Digest doomed = Digest.parse(TestImages.push(host, "skills/doomed", "0.1.0", "0.1.0", TestImages.Kind.HEALTHY));
        client.tag("skills/doomed", doomed, "prod");

        client.delete("skills/doomed", doomed);

        assertThatThrownBy(() -> client.resolve("skills/doomed", "0.1.0")).isInstanceOf(RegistryNotFoundException.class);
        assertThatThrownBy(() -> client.resolve("skills/doomed", "prod")).isInstanceOf(RegistryNotFoundException.class);
        assertThat(client.tagTarget("skills/doomed", "prod")).isEmpty();
        assertThatThrownBy(() -> client.delete("skills/doomed", doomed)).isInstanceOf(RegistryNotFoundException.class);
    }

    @Test
    void unreachableRegistryIsUnavailable() {
        RegistryClient nowhere = new RegistryClient("127.0.0.1:9", RegistryCredentials.none(), false);
        assertThatThrownBy(nowhere::ping).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:9");
    }
}
