package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TagSchemeTest {

    @ParameterizedTest
    @CsvSource({
            "1.4.2,       abc1234,                                  1.4.2_git.abc1234",
            "1.4.2,       abc1234def5678abc1234def5678abc1234def56, 1.4.2_git.abc1234",
            "v1.4.2,      ABC1234FFF,                               1.4.2_git.abc1234",
            "1.5.0-rc.1,  0123456789,                               1.5.0-rc.1_git.0123456",
            "1.4.2+git.abc1234, abc1234ffff,                        1.4.2_git.abc1234",
    })
    void immutableTagAddsTheShortGitSha(String version, String sha, String expected) {
        assertThat(TagScheme.immutableTag(Version.parse(version), sha)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc123", "abc123g", "ghijklm", "abc 1234", "abc1234;", "HEAD", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void immutableTagNeedsAtLeastSevenHex(String sha) {
        assertThatThrownBy(() -> TagScheme.immutableTag(Version.parse("1.4.2"), sha))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a git commit; expected at least 7 hex characters");
    }

    @Test
    void immutableTagRefusesAVersionWithOtherBuildMetadata() {
        assertThatThrownBy(() -> TagScheme.immutableTag(Version.parse("1.4.2+build.7"), "abc1234"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("version 1.4.2+build.7 already has build metadata");
    }

    @ParameterizedTest
    @CsvSource({
            "1.4.2,                  1.4.2",
            "1.4.2+git.abc1234,      1.4.2",
            "1.5.0-rc.1+git.abc1234, 1.5.0-rc.1",
    })
    void convenienceTagIsTheVersionWithoutBuild(String version, String expected) {
        assertThat(TagScheme.convenienceTag(Version.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "1.4.2,                         1.4.2",
            "1.4.2+git.abc1234,             1.4.2_git.abc1234",
            "1.5.0-rc.1+git.abc1234.dirty,  1.5.0-rc.1_git.abc1234.dirty",
            "1.0.0-x-y+b-1,                 1.0.0-x-y_b-1",
            "1.4.2-rc+1,                    1.4.2-rc_1",
    })
    void toTagWritesPlusAsUnderscoreAndVersionOfReversesIt(String version, String tag) {
        Version v = Version.parse(version);
        assertThat(TagScheme.toTag(v)).isEqualTo(tag);
        assertThat(TagScheme.versionOf(tag)).contains(v);
    }

    @Test
    void toTagRefusesVersionsTooLongForATag() {
        Version v = Version.parse("1.0.0-" + "a".repeat(130));
        assertThatThrownBy(() -> TagScheme.toTag(v))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is too long for a tag; tags are at most 128 characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "latest", "staging", "prod", "main", "v1.4.2", "1.4", "1.4.2+git.abc1234", "1.4.2_git_abc1234",
            "1.4.2__git.abc1234", "1.4.2-rc.01", "01.4.2", "1.4.2_", "_1.4.2", "1.4.2-", "sha256-abc", ".1.4.2",
    })
    void versionOfIsEmptyForTagsThatAreNotVersions(String tag) {
        assertThat(TagScheme.versionOf(tag)).isEmpty();
        assertThat(TagScheme.isVersionTag(tag)).isFalse();
        assertThat(TagScheme.isImmutable(tag)).isFalse();
    }

    @Test
    void versionOfGivesAllParts() {
        Version v = TagScheme.versionOf("1.5.0-rc.1_git.abc1234").orElseThrow();
        assertThat(v.major()).isEqualTo(1);
        assertThat(v.minor()).isEqualTo(5);
        assertThat(v.patch()).isZero();
        assertThat(v.prerelease()).isEqualTo("rc.1");
        assertThat(v.build()).isEqualTo("git.abc1234");
    }

    @ParameterizedTest
    @CsvSource({
            // tag,                    version, immutable, env
            "1.4.2,                    true,    false,     false",
            "1.5.0-rc.1,               true,    false,     false",
            "1.4.2_git.abc1234,        true,    true,      false",
            "1.5.0-rc.1_git.0123456,   true,    true,      false",
            "1.4.2_git.ABC1234,        true,    false,     false",
            "1.4.2_git.abc12345,       true,    false,     false",
            "1.4.2_git.abc123,         true,    false,     false",
            "1.4.2_build.5,            true,    false,     false",
            "staging,                  false,   false,     true",
            "prod,                     false,   false,     true",
            "PROD,                     false,   false,     false",
            "production,               false,   false,     false",
            "latest,                   false,   false,     false",
    })
    void classifiesTags(String tag, boolean version, boolean immutable, boolean env) {
        assertThat(TagScheme.isVersionTag(tag)).as("version tag").isEqualTo(version);
        assertThat(TagScheme.isImmutable(tag)).as("immutable").isEqualTo(immutable);
        assertThat(TagScheme.isEnvTag(tag)).as("env tag").isEqualTo(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1", "_x", "latest", "1.4.2_git.abc1234", "A-b.C_d"})
    void acceptsLegalTags(String tag) {
        assertThat(TagScheme.isValidTag(tag)).isTrue();
        assertThat(TagScheme.isValidTag("x".repeat(128))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".a", "-a", "a+b", "a b", "a:b", "a/b", "a@b", "é", "$(id)", "`id`"})
    void refusesIllegalTags(String tag) {
        assertThat(TagScheme.isValidTag(tag)).isFalse();
        assertThat(TagScheme.isValidTag("x".repeat(129))).isFalse();
    }
}
