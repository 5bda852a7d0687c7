package com.larkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "1.4.2,                      1, 4, 2, -,            -",
            "v1.4.2,                     1, 4, 2, -,            -",
            "0.0.0,                      0, 0, 0, -,            -",
            "10.20.30,                   10, 20, 30, -,         -",
            "1.5.0-rc.1,                 1, 5, 0, rc.1,         -",
            "1.4.2+git.abc1234,          1, 4, 2, -,            git.abc1234",
            "1.5.0-rc.1+git.abc1234,     1, 5, 0, rc.1,         git.abc1234",
            "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay, 1, 0, 0, alpha-a.b-c-somethinglong, build.1-aef.1-its-okay",
            "1.0.0-0A.is.legal,          1, 0, 0, 0A.is.legal,  -",
            "1.0.0-x-y-z.--,             1, 0, 0, x-y-z.--,     -",
            "1.0.0+0.build.1-rc.10000aaa-kk-0.1, 1, 0, 0, -,    0.build.1-rc.10000aaa-kk-0.1",
            "1.0.0+001,                  1, 0, 0, -,            001",
            "'  2.0.0  ',                2, 0, 0, -,            -",
            "9223372036854775807.0.0,    9223372036854775807, 0, 0, -, -",
    })
    void parsesEveryPart(String input, long major, long minor, long patch, String pre, String build) {
        Version v = Version.parse(input);
        assertThat(v.major()).isEqualTo(major);
        assertThat(v.minor()).isEqualTo(minor);
        assertThat(v.patch()).isEqualTo(patch);
        assertThat(v.prerelease()).isEqualTo(pre);
        assertThat(v.build()).isEqualTo(build);
        assertThat(Version.tryParse(input)).contains(v);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-01",
            "1.2.3-rc..1", "1.2.3-rc.1.", "1.2.3+build..1", "1.2.3-rc_1", "1.2.3_git.abc1234",
            "V1.2.3", "vv1.2.3", "-1.2.3", "1.-2.3", "a.b.c", "1.2.3 beta", "1.2.3-α", "latest",
            "1.2.3;rm -rf /", "$(id).1.1", "9223372036854775808.0.0", "1.2.3-rc.1+", " ",
    })
    void refusesWhatIsNotSemVer(String input) {
        assertThat(Version.tryParse(input)).isEmpty();
        assertThatThrownBy(() -> Version.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a version; expected MAJOR.MINOR.PATCH like 1.4.2");
    }

    @Test
    void refusesHugeInputWithoutEchoingItAll() {
        String huge = "1.0.0-" + "a".repeat(10_000);
        assertThat(Version.tryParse(huge)).isEmpty();
        assertThatThrownBy(() -> Version.parse(huge))
                .hasMessageStartingWith("'1.0.0-aaaa")
                .hasMessageContaining("...'");
        assertThat(catchMessage(huge)).hasSizeLessThan(300);
    }

    private static String catchMessage(String input) {
        try {
            Version.parse(input);
            return "";
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4.2", "1.5.0-rc.1", "1.4.2+git.abc1234", "1.0.0-alpha.1+b.2"})
    void printsWhatItParsed(String text) {
        assertThat(Version.parse(text)).hasToString(text);
    }

    @Test
    void dropsTheLeadingVWhenPrinting() {
        assertThat(Version.parse("v1.4.2")).hasToString("1.4.2").isEqualTo(Version.parse("1.4.2"));
    }

    @Test
    void ordersBySemVerPrecedence() {
        // the example chain from the SemVer 2.0 specification, plus numeric and release cases
        List<String> expected = List.of(
                "0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0-0", "2.0.0-1",
                "2.0.0-99999999999999999999", "2.0.0-a", "2.0.0", "10.0.0");
        List<Version> versions = new ArrayList<>(expected.stream().map(Version::parse).toList());
        Collections.shuffle(versions, new Random(42));
        Collections.sort(versions);
        assertThat(versions).extracting(Version::toString).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "1.0.0, 2.0.0", "2.0.0, 2.1.0", "2.1.0, 2.1.1", "1.0.0-alpha, 1.0.0",
            "1.0.0-2, 1.0.0-10", "1.0.0-9, 1.0.0-a", "1.0.0-a, 1.0.0-a.0", "1.0.0-Z, 1.0.0-a",
            "1.0.0-rc.9, 1.0.0-rc.10", "1.0.0-alpha.9, 1.0.0-alpha-2",
    })
    void lowerComesFirst(String lower, String higher) {
        Version lo = Version.parse(lower);
        Version hi = Version.parse(higher);
        assertThat(lo.compareTo(hi)).isNegative();
        assertThat(hi.compareTo(lo)).isPositive();
    }

    @Test
    void buildMetadataDoesNotChangePrecedenceButDoesChangeEquality() {
        Version a = Version.parse("1.4.2+git.abc1234");
        Version b = Version.parse("1.4.2+git.def5678");
        Version plain = Version.parse("1.4.2");
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.compareTo(plain)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.withoutBuild()).isEqualTo(plain);
        assertThat(plain.withBuild("git.abc1234")).isEqualTo(a);
    }

    @Test
    void knowsPrereleases() {
        assertThat(Version.parse("1.0.0-rc.1").isPrerelease()).isTrue();
        assertThat(Version.parse("1.0.0+rc.1").isPrerelease()).isFalse();
    }

    @Test
    void constructorRefusesWhatParseWouldRefuse() {
        assertThatThrownBy(() -> new Version(1, -1, 0, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> new Version(1, 0, 0, "01", null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("'01' is not a prerelease");
        assertThatThrownBy(() -> new Version(1, 0, 0, "", null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("'' is not a prerelease");
        assertThatThrownBy(() -> Version.parse("1.0.0").withBuild("git_abc"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("'git_abc' is not build metadata");
    }
}
