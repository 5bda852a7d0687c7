package com.larkops.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** The one Jackson mapper of this package; registry documents are read as trees, never re-serialised. */
final class RegistryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    /** Parses a registry document; a body that is not JSON is the registry's fault, not the caller's. */
    static JsonNode read(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // the original message only: the full one may quote the body, which for a token response is secret
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not be read", e);
        }
    }
}
