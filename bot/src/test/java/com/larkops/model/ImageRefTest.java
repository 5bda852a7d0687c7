package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
    static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String SHA = "sha256:" + HEX;

    @ParameterizedTest
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "busybox                                   | -                   | library/busybox        | -       | -",
            "library/busybox:1.36                      | -                   | library/busybox        | 1.36    | -",
            "docker.io/library/busybox:1.36            | -                   | library/busybox        | 1.36    | -",
            "index.docker.io/busybox                   | -                   | library/busybox        | -       | -",
            "docker.io/team/app                        | -                   | team/app               | -       | -",
            "127.0.0.1:5000/skills/echo:1.4.2          | 127.0.0.1:5000      | skills/echo            | 1.4.2   | -",
            "localhost/x                               | localhost           | x                      | -       | -",
            "localhost:5000/x:latest                   | localhost:5000      | x                      | latest  | -",
            "[::1]:5000/a/b:t                          | [::1]:5000          | a/b                    | t       | -",
            "[fe80::1]/a                               | [fe80::1]           | a                      | -       | -",
            "reg.example.com/a/b@" + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                    + "                                | reg.example.com     | a/b                    | -       | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "a/b:tag@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                    + "                                | -                   | a/b                    | tag     | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "Registry.Example.COM:443/a.b/c__d/e-f--g  | Registry.Example.COM:443 | a.b/c__d/e-f--g   | -       | -",
            "ghcr.io/org/app:1.4.2_git.abc1234         | ghcr.io             | org/app                | 1.4.2_git.abc1234 | -",
            "my-reg.local/app:_under.Score-1           | my-reg.local        | app                    | _under.Score-1 | -",
            "localhost:5000                            | -                   | library/localhost      | 5000    | -",
            "'  busybox:1.36  '                        | -                   | library/busybox        | 1.36    | -",
            "a0/b1_c2                                  | -                   | a0/b1_c2               | -       | -",
    })
    void parsesEveryFormDockerAccepts(String input, String registry, String repository, String tag, String digest) {
        ImageRef ref = ImageRef.parse(input);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isEqualTo(digest == null ? null : Digest.parse(digest));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "busybox                          | docker.io/library/busybox",
            "library/busybox:1.36             | docker.io/library/busybox:1.36",
            "127.0.0.1:5000/skills/echo:1.4.2 | 127.0.0.1:5000/skills/echo:1.4.2",
            "[::1]:5000/a/b:t                 | [::1]:5000/a/b:t",
            "localhost/x                      | localhost/x",
    })
    void printsTheFullyQualifiedForm(String input, String canonical) {
        ImageRef ref = ImageRef.parse(input);
        assertThat(ref).hasToString(canonical);
        assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void printsTagAndDigestTogether() {
        assertThat(ImageRef.parse("a/b:tag@" + SHA)).hasToString("docker.io/a/b:tag@" + SHA);
    }

    @Test
    void dockerHubSpellingsAreEqual() {
        assertThat(ImageRef.parse("busybox"))
                .isEqualTo(ImageRef.parse("docker.io/library/busybox"))
                .isEqualTo(ImageRef.parse("index.docker.io/library/busybox"))
                .isEqualTo(new ImageRef(null, "busybox", null, null))
                .isEqualTo(new ImageRef("docker.io", "library/busybox", null, null));
        assertThat(ImageRef.parse("localhost/busybox")).isNotEqualTo(ImageRef.parse("busybox"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MyApp:1.0                 | repository names must be lowercase",
            "team/App                  | repository names must be lowercase",
            "reg.example.com/Team/app  | repository names must be lowercase",
            "a//b                      | repository path components are lowercase letters and digits",
            "/a                        | repository path components are lowercase letters and digits",
            "a/                        | repository path components are lowercase letters and digits",
            "x;rm -rf /                | repository path components are lowercase letters and digits",
            "$(whoami)                 | repository path components are lowercase letters and digits",
            "`id`                      | repository path components are lowercase letters and digits",
            "a b                       | repository path components are lowercase letters and digits",
            "a/b c:1                   | repository path components are lowercase letters and digits",
            "a_-b                      | repository path components are lowercase letters and digits",
            "a___b                     | repository path components are lowercase letters and digits",
            "-a                        | repository path components are lowercase letters and digits",
            "a.                        | repository path components are lowercase letters and digits",
            "ünïcode                   | repository path components are lowercase letters and digits",
            "a:b:c                     | repository path components are lowercase letters and digits",
            "a:                        | a tag is 1 to 128 letters, digits, '_', '.' or '-'",
            "a:.hidden                 | a tag is 1 to 128 letters, digits, '_', '.' or '-'",
            "a:-x                      | a tag is 1 to 128 letters, digits, '_', '.' or '-'",
            "a:t+1                     | a tag is 1 to 128 letters, digits, '_', '.' or '-'",
            "a:$(id)                   | a tag is 1 to 128 letters, digits, '_', '.' or '-'",
            "a@sha256:abc              | after '@' expected sha256: followed by 64 lowercase hex characters",
            "a@                        | after '@' expected sha256: followed by 64 lowercase hex characters",
            "a:1@md5:0123              | after '@' expected sha256: followed by 64 lowercase hex characters",
            "a@b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | repository path components",
            "a@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef | after '@' expected sha256:",
            "-reg.com/a                | the registry must be a host name",
            "reg_x.com/a               | the registry must be a host name",
            "reg.com:/a                | the registry must be a host name",
            "reg.com:port/a            | the registry must be a host name",
            "[::1/a                    | the registry must be a host name",
            "[zz]/a                    | the registry must be a host name",
            "reg.com:0/a               | the registry port must be between 1 and 65535",
            "reg.com:65536/a           | the registry port must be between 1 and 65535",
            "reg.com/                  | the repository name is missing",
    })
    void refusesBadInputSayingWhatIsExpected(String input, String problem) {
        assertThatThrownBy(() -> ImageRef.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'" + Text.clip(input) + "' is not a valid image reference: ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith("e.g. registry.example.com/team/app:1.4.2 or team/app@sha256:<64 hex>");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void refusesEmptyInput(String input) {
        assertThatThrownBy(() -> ImageRef.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("an image reference is required, "
                        + "e.g. registry.example.com/team/app:1.4.2 or team/app@sha256:<64 hex>");
    }

    @Test
    void limitsTheNameTo255Characters() {
        String name254 = "reg.example.com/" + "a".repeat(254 - "reg.example.com/".length());
        assertThat(ImageRef.parse(name254 + "a:" + "t".repeat(128) + "@" + SHA).repository()).hasSize(239);
        assertThatThrownBy(() -> ImageRef.parse(name254 + "aa:1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the name before the tag is longer than 255 characters");
        assertThatThrownBy(() -> ImageRef.parse("a:" + "t".repeat(129)))
                .hasMessageContaining("a tag is 1 to 128");
    }

    @Test
    void echoesHugeInputOnlyClipped() {
        String huge = "A".repeat(100_000);
        assertThatThrownBy(() -> ImageRef.parse(huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'" + "A".repeat(77) + "...' is not a valid image reference: "
                        + "it is longer than any valid reference");
    }

    @Test
    void constructorValidatesToo() {
        assertThatThrownBy(() -> new ImageRef("reg.example.com", "Team/app", null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'reg.example.com/Team/app' is not a valid image reference: repository names must be lowercase");
        assertThatThrownBy(() -> new ImageRef(null, null, null, null))
                .hasMessageContaining("the repository name is missing");
        assertThatThrownBy(() -> new ImageRef("", "a", null, null))
                .hasMessageContaining("the registry must be a host name");
        assertThatThrownBy(() -> new ImageRef(null, "a", "", null))
                .hasMessageContaining("a tag is 1 to 128");
    }

    @Test
    void pinnedIsRegistryRepositoryAndDigestWithoutTheTag() {
        Digest digest = Digest.parse(SHA);
        assertThat(ImageRef.parse("127.0.0.1:5000/skills/echo:1.4.2").withDigest(digest).pinned())
                .isEqualTo("127.0.0.1:5000/skills/echo@" + SHA);
        assertThat(ImageRef.parse("busybox:1.36").withDigest(digest).pinned())
                .isEqualTo("docker.io/library/busybox@" + SHA);
    }

    @Test
    void pinnedNeedsADigest() {
        ImageRef ref = ImageRef.parse("busybox:1.36");
        assertThat(ref.isPinned()).isFalse();
        assertThatThrownBy(ref::pinned)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("docker.io/library/busybox:1.36 has no digest; resolve the tag to a digest first");
    }

    @Test
    void withDigestKeepsEverythingElse() {
        ImageRef ref = ImageRef.parse("reg.example.com/a/b:1.4.2").withDigest(Digest.parse(SHA));
        assertThat(ref).isEqualTo(new ImageRef("reg.example.com", "a/b", "1.4.2", Digest.parse(SHA)));
        assertThat(ref.isPinned()).isTrue();
        assertThat(ref.withTag("prod")).hasToString("reg.example.com/a/b:prod@" + SHA);
        assertThatThrownBy(() -> ref.withDigest(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void namesTheRegistryToTalkTo() {
        assertThat(ImageRef.parse("busybox").registryOrDefault()).isEqualTo("docker.io");
        assertThat(ImageRef.parse("busybox").name()).isEqualTo("docker.io/library/busybox");
        assertThat(ImageRef.parse("localhost:5000/a:1").registryOrDefault()).isEqualTo("localhost:5000");
    }

    @ParameterizedTest
    @CsvSource({
            "busybox, true", "busybox:latest, true", "a:staging, true", "a:prod, true", "a:main, true",
            "a:master, true", "a:edge, true", "a:nightly, true", "a:stable, true", "a:dev, true",
            "a:v1.4.2, true", "a:1.4, true", "a:feature-x, true",
            "a:1.4.2, false", "a:1.5.0-rc.1, false", "a:1.4.2_git.abc1234, false", "a:0.0.1, false",
    })
    void knowsFloatingTags(String input, boolean floating) {
        assertThat(ImageRef.parse(input).isFloatingTag()).isEqualTo(floating);
    }

    @Test
    void aDigestDoesNotMakeTheTagFixed() {
        ImageRef ref = ImageRef.parse("a:latest@" + SHA);
        assertThat(ref.isFloatingTag()).isTrue();
        assertThat(ref.isPinned()).isTrue();
    }
}
