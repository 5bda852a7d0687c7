package com.larkops.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {
    private static final String VALID = "sha256:" + "ab12cd34ef56".repeat(5) + "0123";

    @Test
    void onlySha256WithSixtyFourLowercaseHexIsADigest() {
        assertThat(Digest.parse(" " + VALID + " ").value()).isEqualTo(VALID);
        assertThatThrownBy(() -> Digest.parse(VALID.toUpperCase())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Digest.parse(VALID.substring(0, 70))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theShortFormIsTheAlgorithmAndTwelveHex() {
        assertThat(Digest.parse(VALID).shortForm()).isEqualTo("sha256:ab12cd34ef56");
        assertThat(Digest.shortOf(VALID)).isEqualTo("sha256:ab12cd34ef56");
    }

    @Test
    void shortOfKeepsDamagedOrHostileLabelTextToDigestCharactersAndLength() {
        assertThat(Digest.shortOf(null)).isEmpty();
        assertThat(Digest.shortOf("sha256:ab")).isEqualTo("sha256:ab");
        assertThat(Digest.shortOf("<at id=all></at>`**x**`")).isEqualTo("atidallatx");
        assertThat(Digest.shortOf("sha256:" + "f".repeat(200))).hasSize(19);
    }
}
