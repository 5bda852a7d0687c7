package com.larkops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.signature.SigningKey;
import com.larkops.signature.VerifyPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code verify: {keys: [/etc/larkops/cosign.pub, …], for: [prod]}}, at the top (default for every service)
 * or per service (replaces the default). Every key file is read and parsed here, at start: an unreadable
 * file or a broken PEM is a config error naming the path, never a surprise at approval time.
 */
final class VerifySection {
    private static final Set<String> KEYS = Set.of("keys", "for");

    private VerifySection() {
    }

    static VerifyPolicy read(JsonNode node, String path, VerifyPolicy fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isObject()) {
            throw new ConfigException(path + ": expected {keys: [/path/cosign.pub], for: [prod]}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown key '" + path + "." + key + "' (known here: for, keys)");
            }
        }
        List<SigningKey> keys = new ArrayList<>();
        for (String file : list(node, "keys", path)) {
            if (!file.startsWith("/")) {
                throw new ConfigException(path + ".keys: '" + file + "' is not an absolute path to a public key file");
            }
            try {
                keys.add(SigningKey.load(Path.of(file)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path + ".keys: " + e.getMessage());
            }
        }
        Set<Env> envs = EnumSet.noneOf(Env.class);
        for (String env : list(node, "for", path)) {
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

    private static List<String> list(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException(path + "." + key + ": expected a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }
}
