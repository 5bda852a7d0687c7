package com.larkops.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;

/** Reads signed documents as trees; anything that is not a JSON object reads as empty, which no check accepts. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode read(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node != null && node.isObject() ? node : MissingNode.getInstance();
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
