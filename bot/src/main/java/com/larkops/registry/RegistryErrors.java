package com.larkops.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Summarises a registry error body ({@code {"errors":[{"code":"MANIFEST_INVALID","message":"…"}]}})
 * for an exception message, so an unexpected status still says what the registry complained about.
 */
final class RegistryErrors {
    private RegistryErrors() {
    }

    static String summary(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode first = RegistryJson.read(body, "error").path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty() && message.isEmpty()) {
                return "";
            }
            String text = (code + " " + message).trim();
            return "(" + (text.length() > 200 ? text.substring(0, 197) + "..." : text) + ")";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
