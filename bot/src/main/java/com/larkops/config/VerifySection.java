package com.larkops.config;

import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.signature.SigningKey;
import com.larkops.signature.VerifyPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code verify: {keys: [/etc/larkops/cosign.pub, …], for: [prod]}}, at the top (default for every service)
 * or per service (replaces the default). Every key file is read and parsed here, at start: an unreadable
 * file or a broken PEM is a config error naming the path, never a surprise at approval time.
 */
final class VerifySection {
    private VerifySection() {
    }

    static VerifyPolicy read(YamlShape.Verify section, String path, VerifyPolicy fallback) {
        if (section == null) {
            return fallback;
        }
        List<SigningKey> keys = new ArrayList<>();
        for (String file : ConfigFile.orEmpty(section.keys())) {
            if (file == null || !file.startsWith("/")) {
                throw new ConfigException(path + ".keys: '" + file + "' is not an absolute path to a public key file");
            }
            try {
                keys.add(SigningKey.load(Path.of(file)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path + ".keys: " + e.getMessage());
            }
        }
        Set<Env> envs = EnumSet.noneOf(Env.class);
        for (String env : ConfigFile.orEmpty(section.envs())) {
            try {
                envs.add(Env.parse(env));
            } catch (InvalidInputException e) {
                throw new ConfigException(path + ".for: " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new ConfigException(path + ".keys: list at least one public key file, e.g. [/etc/larkops/cosign.pub]");
        }
        if (envs.isEmpty()) {
            throw new ConfigException(path + ".for: list the envs that need a signature, e.g. [prod]");
        }
        return new VerifyPolicy(keys, envs);
    }
}
