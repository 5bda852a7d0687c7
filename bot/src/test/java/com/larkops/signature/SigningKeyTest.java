package com.larkops.signature;

import com.larkops.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void aPublicKeyFileLoadsUnderItsFileName() {
        TestKeys k = TestKeys.ecdsa(dir, "cosign");
        SigningKey key = SigningKey.load(k.publicPem());
        assertThat(key.name()).isEqualTo("cosign.pub");
        byte[] data = "hello".getBytes();
        assertThat(key.verifies(data, k.sign(data))).isTrue();
        assertThat(key.verifies("hellO".getBytes(), k.sign(data))).isFalse();
        assertThat(key.verifies(data, new byte[]{1, 2, 3})).isFalse();
    }

    @Test
    void unreadableBrokenOrPrivateKeysAreErrorsThatNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.pub");
        assertThatThrownBy(() -> SigningKey.load(missing)).hasMessageContaining(missing.toString()).hasMessageContaining("cannot be read");
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> SigningKey.load(garbage)).hasMessageContaining(garbage.toString());
        TestKeys k = TestKeys.ecdsa(dir, "oops");
        assertThatThrownBy(() -> SigningKey.load(k.privatePem())).hasMessageContaining("never the private key");
    }
}
