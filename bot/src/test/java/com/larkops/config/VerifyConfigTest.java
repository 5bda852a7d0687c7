package com.larkops.config;

import com.larkops.model.Env;
import com.larkops.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyConfigTest {
    @TempDir
    Path dir;

    private static String config(String top, String service) {
        return "registry: 127.0.0.1:5000\n" + top + "services:\n  echo:\n    repository: skills/echo\n" + service
                + "  web:\n    repository: team/web\n";
    }

    @Test
    void topLevelVerifyIsEveryServicesDefaultAndAServiceMayReplaceIt() {
        Path release = TestKeys.ecdsa(dir, "release").publicPem();
        Path other = TestKeys.ecdsa(dir, "other").publicPem();
        LarkopsConfig c = ConfigFile.parse(config("verify: {keys: [" + release + "], for: [prod]}\n",
                "    verify: {keys: [" + other + ", " + release + "], for: [staging, prod]}\n"), "larkops.yaml");
        assertThat(c.service("web").orElseThrow().verify().requires(Env.PROD)).isTrue();
        assertThat(c.service("web").orElseThrow().verify().requires(Env.STAGING)).isFalse();
        assertThat(c.service("web").orElseThrow().verify().keys()).extracting(k -> k.name()).containsExactly("release.pub");
        assertThat(c.service("echo").orElseThrow().verify().requires(Env.STAGING)).isTrue();
        assertThat(c.service("echo").orElseThrow().verify().keys()).extracting(k -> k.name()).containsExactly("other.pub", "release.pub");
    }

    @Test
    void withoutVerifyNothingIsRequired() {
        LarkopsConfig c = ConfigFile.parse(config("", ""), "larkops.yaml");
        assertThat(c.service("echo").orElseThrow().verify().requires(Env.PROD)).isFalse();
    }

    @Test
    void badKeysAndShapesFailAtStartNamingTheKeyOrThePath() throws Exception {
        Path missing = dir.resolve("nope.pub");
        assertThatThrownBy(() -> ConfigFile.parse(config("", "    verify: {keys: [" + missing + "], for: [prod]}\n"), "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("services.echo.verify.keys").hasMessageContaining(missing.toString());
        Path bad = Files.writeString(dir.resolve("bad.pub"), "hello");
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [" + bad + "], for: [prod]}\n", ""), "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("verify.keys").hasMessageContaining(bad.toString());
        Path good = TestKeys.ecdsa(dir, "good").publicPem();
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [" + good + "], for: [prod], mode: strict}\n", ""), "larkops.yaml"))
                .hasMessageContaining("unknown key 'verify.mode'");
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [" + good + "], for: [production]}\n", ""), "larkops.yaml"))
                .hasMessageContaining("verify.for");
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [" + good + "]}\n", ""), "larkops.yaml"))
                .hasMessageContaining("verify.for: list the envs");
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [], for: [prod]}\n", ""), "larkops.yaml"))
                .hasMessageContaining("verify.keys: list at least one");
        assertThatThrownBy(() -> ConfigFile.parse(config("verify: {keys: [good.pub], for: [prod]}\n", ""), "larkops.yaml"))
                .hasMessageContaining("not an absolute path");
    }
}
