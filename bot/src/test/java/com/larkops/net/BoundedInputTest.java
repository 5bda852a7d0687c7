package com.larkops.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedInputTest {
    /** An endless source that counts what was taken from it. */
    static final class Endless extends InputStream {
        long taken;

        @Override
        public int read() {
            taken++;
            return 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            taken += len;
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            return len;
        }
    }

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws Exception {
        assertThat(BoundedInput.readAll(new ByteArrayInputStream(new byte[100]), -1, 100)).hasSize(100);
        assertThat(BoundedInput.readAll(new ByteArrayInputStream(new byte[100]), 100, 100)).hasSize(100);
    }

    @Test
    void anEndlessBodyStopsOneBytePastTheLimit() {
        Endless source = new Endless();
        assertThatThrownBy(() -> BoundedInput.readAll(source, -1, 1000)).isInstanceOf(BoundedInput.TooLarge.class);
        assertThat(source.taken).isEqualTo(1001);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAByteIsRead() {
        Endless source = new Endless();
        assertThatThrownBy(() -> BoundedInput.readAll(source, 5000, 1000)).isInstanceOf(BoundedInput.TooLarge.class);
        assertThat(source.taken).isZero();
    }

    @Test
    void theEndIsSeen() throws Exception {
        BoundedInput in = new BoundedInput(new ByteArrayInputStream(new byte[10]), 100);
        assertThat(in.ended()).isFalse();
        in.readAllBytes();
        assertThat(in.ended()).isTrue();
    }
}
