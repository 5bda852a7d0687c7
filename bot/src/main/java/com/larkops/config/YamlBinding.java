package com.larkops.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.larkops.model.DurationText;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Binds the YAML text onto {@link YamlShape} with Jackson, strictly, and turns every Jackson error into the one
 * line an operator needs: the path to the key ({@code services.echo.soak}) and what is expected there.
 */
final class YamlBinding {
    private static final ObjectMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    // a second `chats:` must not silently replace the first (and open the bot to every chat)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // strict scalars: a quoted "8080" or "true", or 1.5 for a count, is a mistake to report, not to guess at
            .addModule(new SimpleModule()
                    .addDeserializer(Integer.class, new Scalar<>(Integer.class, "a whole number",
                            t -> t == JsonToken.VALUE_NUMBER_INT, JsonParser::getIntValue))
                    .addDeserializer(Double.class, new Scalar<>(Double.class, "a number",
                            JsonToken::isNumeric, JsonParser::getDoubleValue))
                    .addDeserializer(Boolean.class, new Scalar<>(Boolean.class, "true or false",
                            JsonToken::isBoolean, JsonParser::getBooleanValue))
                    .addDeserializer(Duration.class, new Scalar<>(Duration.class, "a duration like 500ms, 30s, 5m, 24h or 7d",
                            JsonToken::isScalarValue, YamlBinding::duration)))
            .build();

    private static final Map<Class<?>, String> EXPECTED = Map.of(
            String.class, "a single value",
            List.class, "a list, e.g. [a, b]",
            Map.class, "a mapping of service name to settings",
            YamlShape.Service.class, "a mapping with repository, port, health",
            YamlShape.Verify.class, "{keys: [/path/cosign.pub], for: [prod]}");

    private YamlBinding() {
    }

    /** The file as written, or null for an empty document; a {@link ConfigException} (without the source) otherwise. */
    static YamlShape.File read(String yaml) {
        try {
            return MAPPER.readValue(yaml, YamlShape.File.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(e));
        }
    }

    private static String describe(JsonProcessingException e) {
        StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            String message = syntax.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field ")) {
                return "key " + message.substring("Duplicate field ".length()) + " appears twice"
                        + (syntax.getLocation() == null ? "" : " (second one on line " + syntax.getLocation().getLineNr() + ")")
                        + "; keep one";
            }
            // SnakeYAML's message quotes the offending lines below its first line: one line is enough, with where
            String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
            return "not valid YAML (" + first + (syntax.getLocation() == null ? "" : ", line " + syntax.getLocation().getLineNr()) + ")";
        }
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        if (path.isEmpty()) {
            return "expected a mapping with at least 'registry' and 'services'";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown key '" + path + "' (known here: " + known + ")";
        }
        if (e instanceof BadValue b) {
            return path + b.afterPath;
        }
        if (e instanceof MismatchedInputException m) {
            return path + ": expected " + expected(m.getTargetType());
        }
        return path + ": " + e.getOriginalMessage();
    }

    /** A YAML syntax error or a duplicate key, which databind hands on wrapped. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException s) {
                return s;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "something else";
        }
        return EXPECTED.entrySet().stream().filter(e -> e.getKey().isAssignableFrom(type)).map(Map.Entry::getValue)
                .findFirst().orElse("a mapping");
    }

    /** A value Jackson read but larkops refuses; {@code afterPath} follows the path: {@code ": …"} or {@code " is '…': …"}. */
    private static final class BadValue extends JsonMappingException {
        private final String afterPath;

        BadValue(JsonParser p, String afterPath) {
            super(p, afterPath);
            this.afterPath = afterPath;
        }
    }

    /** Durations as people type them ({@link DurationText}); a bare number has no unit and is refused. */
    private static Duration duration(JsonParser p) throws IOException {
        try {
            return DurationText.parse(p.getText());
        } catch (InvalidInputException e) {
            throw new BadValue(p, ": " + e.getMessage());
        }
    }

    private interface Read<T> {
        T from(JsonParser p) throws IOException;
    }

    /** One scalar type read strictly: only the tokens it accepts, anything else named with its text and what is expected. */
    private static final class Scalar<T> extends StdScalarDeserializer<T> {
        private final String expected;
        private final Predicate<JsonToken> accepts;
        private final Read<T> read;

        Scalar(Class<T> type, String expected, Predicate<JsonToken> accepts, Read<T> read) {
            super(type);
            this.expected = expected;
            this.accepts = accepts;
            this.read = read;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (!token.isScalarValue()) {
                throw new BadValue(p, ": expected " + expected);
            }
            String text = Text.clip(p.getText());
            if (!accepts.test(token)) {
                throw new BadValue(p, " is '" + text + "': expected " + expected);
            }
            try {
                return read.from(p);
            } catch (InputCoercionException e) {
                throw new BadValue(p, " is '" + text + "': expected " + expected + " of a sensible size");
            }
        }
    }
}
