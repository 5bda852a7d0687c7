package com.larkops.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A strict validator for the JSON Schema subset that {@code lark/card-v2.schema.json} is written in
 * (type, properties, required, additionalProperties, enum, const, items, minItems, maxItems,
 * maxLength, minimum, maximum, oneOf, local $ref). Unknown schema keywords fail loudly, so the
 * schema cannot silently say less than it seems to. Also checks Lark's 30 KB card size limit.
 */
public final class CardSchema {
    static final int MAX_CARD_BYTES = 30 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYWORDS = List.of("$comment", "type", "properties", "required", "additionalProperties",
            "enum", "const", "items", "minItems", "maxItems", "maxLength", "minimum", "maximum", "oneOf", "$ref", "$defs");

    private final JsonNode root;

    private CardSchema(JsonNode root) {
        this.root = root;
    }

    public static CardSchema load() {
        try (InputStream in = CardSchema.class.getResourceAsStream("/lark/card-v2.schema.json")) {
            return new CardSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every violation, with its JSON path; empty when the card is valid. */
    public List<String> validate(Object card) {
        JsonNode node = card instanceof JsonNode n ? n : JSON.valueToTree(card);
        List<String> errors = new ArrayList<>();
        check(node, root, "$", errors);
        try {
            int bytes = JSON.writeValueAsBytes(node).length;
            if (bytes > MAX_CARD_BYTES) {
                errors.add("$: card is " + bytes + " bytes; Lark accepts at most " + MAX_CARD_BYTES);
            }
        } catch (IOException e) {
            errors.add("$: not serialisable: " + e.getMessage());
        }
        return errors;
    }

    private void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k)) {
                throw new IllegalStateException("schema keyword '" + k + "' at " + path + " is not supported by this validator");
            }
        }
        if (schema.has("$ref")) {
            check(value, resolve(schema.get("$ref").asText()), path, errors);
            return;
        }
        if (schema.has("oneOf")) {
            oneOf(value, schema.get("oneOf"), path, errors);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": must be " + schema.get("const") + ", is " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            errors.add(path + ": must be " + schema.get("type").asText() + ", is " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (value.isTextual() && schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
            errors.add(path + ": longer than " + schema.get("maxLength").asInt() + " characters");
        }
        if (value.isNumber() && schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(path + ": below " + schema.get("minimum"));
        }
        if (value.isNumber() && schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            errors.add(path + ": above " + schema.get("maximum"));
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    errors.add(path + ": missing required property '" + r.asText() + "'");
                }
            }
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    check(f.getValue(), props.get(f.getKey()), path + "." + f.getKey(), errors);
                } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    errors.add(path + ": unknown property '" + f.getKey() + "' (card JSON 2.0 rejects unknown properties)");
                } else if (schema.path("additionalProperties").isObject()) {
                    check(f.getValue(), schema.get("additionalProperties"), path + "." + f.getKey(), errors);
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                errors.add(path + ": fewer than " + schema.get("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(path + ": more than " + schema.get("maxItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
                }
            }
        }
    }

    /** Exactly one branch must hold; when none does, the errors of the branch whose tag/type matches are the useful ones. */
    private void oneOf(JsonNode value, JsonNode branches, String path, List<String> errors) {
        List<List<String>> results = new ArrayList<>();
        int ok = 0;
        for (JsonNode b : branches) {
            List<String> e = new ArrayList<>();
            check(value, b, path, e);
            results.add(e);
            ok += e.isEmpty() ? 1 : 0;
        }
        if (ok == 1) {
            return;
        }
        if (ok > 1) {
            errors.add(path + ": matches more than one shape");
            return;
        }
        String tag = value.path("tag").asText(value.path("type").asText(""));
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = branches.get(i).has("$ref") ? resolve(branches.get(i).get("$ref").asText()) : branches.get(i);
            String constTag = b.path("properties").path("tag").path("const").asText(b.path("properties").path("type").path("const").asText(""));
            if (!tag.isEmpty() && tag.equals(constTag)) {
                errors.addAll(results.get(i));
                return;
            }
        }
        errors.add(path + ": '" + tag + "' is not an element card JSON 2.0 allows here (allowed: markdown, hr, button, column_set, "
                + "collapsible_panel, chart; 1.0's action, note and div are not)");
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local refs: " + ref);
        }
        JsonNode n = root;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part);
        }
        if (n.isMissingNode()) {
            throw new IllegalStateException("unresolved ref " + ref);
        }
        return n;
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
