package com.larkops.lark;

import com.lark.oapi.core.utils.Decryptor;
import com.larkops.testing.LarkEventFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecryptorTest {
    private final LarkEventFactory lark = new LarkEventFactory("token", "encrypt-key-456", "cli_x");

    @Test
    void decryptsWhatLarkEncryptsAsTheSdkDoes() throws Exception {
        for (String plain : new String[] {"{}", "{\"a\":\"exactly sixteen!\"}", "{\"text\":\"部署 /rollback echo\"}"}) {
            String encrypted = lark.encrypt(plain);
            byte[] ours = new EventDecryptor("encrypt-key-456").decrypt(encrypted);
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(plain)
                    .isEqualTo(new Decryptor("encrypt-key-456").decrypt(encrypted));
        }
    }

    @Test
    void aWrongKeyOrNoCiphertextIsRefused() {
        String encrypted = lark.encrypt("{\"schema\":\"2.0\"}");
        assertThatThrownBy(() -> new EventDecryptor("another-key").decrypt("AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventDecryptor("k").decrypt("not base64 !")).isInstanceOf(IllegalArgumentException.class);
        byte[] garbage = new EventDecryptor("another-key").decrypt(encrypted);
        assertThat(new String(garbage, StandardCharsets.ISO_8859_1)).doesNotContain("schema");
    }
}
