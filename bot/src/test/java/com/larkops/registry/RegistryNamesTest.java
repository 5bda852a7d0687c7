package com.larkops.registry;

import com.larkops.model.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"echo", "skills/echo", "a/b/c", "my-app", "my.app", "my_app", "my__app", "my--app", "team1/svc-2.x"})
    void acceptsRepositories(String repository) {
        assertThat(RegistryNames.repository(repository)).isEqualTo(repository);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Echo", "skills//echo", "/echo", "echo/", "-echo", "echo-", "a..b", "a___b", "echo:1.0",
            "../v2", "skills/echo?x=1", "skills/échо", "a b"})
    void refusesRepositories(String repository) {
        assertThatThrownBy(() -> RegistryNames.repository(repository)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a repository name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4.2", "1.4.2_git.ab12cd3", "latest", "prod", "_x", "A-b.C_d"})
    void acceptsTags(String tag) {
        assertThat(RegistryNames.tag(tag)).isEqualTo(tag);
        assertThat(RegistryNames.reference(tag)).isEqualTo(tag);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".hidden", "-x", "1.4.2+git.ab12cd3", "a/b", "a:b", "tag with space"})
    void refusesTags(String tag) {
        assertThatThrownBy(() -> RegistryNames.tag(tag)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a tag");
    }

    @Test
    void refusesTagsLongerThan128() {
        assertThat(RegistryNames.tag("a".repeat(128))).hasSize(128);
        assertThatThrownBy(() -> RegistryNames.tag("a".repeat(129))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void referencesMayBeDigests() {
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(RegistryNames.reference(digest)).isEqualTo(digest);
        assertThatThrownBy(() -> RegistryNames.reference("sha256:abc")).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5000", "localhost:5000", "localhost", "[::1]:5000", "127.1.2.3"})
    void loopbackHosts(String host) {
        assertThat(RegistryNames.host(host)).isEqualTo(host);
        assertThat(RegistryNames.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ccr.ccs.tencentyun.com", "registry-1.docker.io", "10.0.0.5:5000", "127.example.com", "[::2]:5000"})
    void remoteHosts(String host) {
        assertThat(RegistryNames.host(host)).isEqualTo(host);
        assertThat(RegistryNames.isLoopback(host)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"https://ccr.ccs.tencentyun.com", "host/path", "user@host", "host:port"})
    void refusesHosts(String host) {
        assertThatThrownBy(() -> RegistryNames.host(host)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void displaysReferencesTheWayPeopleWriteThem() {
        assertThat(RegistryNames.display("skills/echo", "1.4.2")).isEqualTo("skills/echo:1.4.2");
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(RegistryNames.display("skills/echo", digest)).isEqualTo("skills/echo@" + digest);
    }
}
