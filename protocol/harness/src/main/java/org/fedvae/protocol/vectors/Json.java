package org.fedvae.protocol.vectors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vector files' JSON, by Jackson. Values are {@code Map<String, Object>} (insertion order kept), {@code List<Object>},
 * String, Boolean, null and numbers. The written form is a pure function of the value and is part of the vectors'
 * format (GeneratorTest compares regenerated files byte for byte): two-space indentation, {@code "key": value}, arrays
 * of scalars on one line as {@code [a, b]}, empty containers as {@code {}} and {@code []}, strings with only printable
 * ASCII left as is, a final newline. The reader gives numbers as BigDecimal (exact) and refuses duplicate keys.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final ObjectWriter WRITER =
            MAPPER.writer(new VectorPrettyPrinter()).with(new AsciiEscapes());

    private Json() {}

    /** An empty ordered object to fill. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static String write(Object value) {
        check(value);
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses one JSON document. */
    public static Object parse(String text) {
        try {
            return plain(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "JSON: " + e.getOriginalMessage() + " at offset "
                            + e.getLocation().getCharOffset(),
                    e);
        }
    }

    /** Maps, lists and scalars only: Jackson would write a byte[] as base64 or a NaN as a string, neither belongs in a vector. */
    private static void check(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException("not a JSON key: " + k);
                }
                check(x);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(Json::check);
        } else if (!(v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Integer
                || v instanceof Long
                || v instanceof BigInteger
                || v instanceof BigDecimal
                || v instanceof Float f && Float.isFinite(f)
                || v instanceof Double d && Double.isFinite(d))) {
            throw new IllegalArgumentException("not a JSON value: " + v);
        }
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = object();
            n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        throw new IllegalArgumentException("JSON: unexpected " + n.getNodeType());
    }

    /** Jackson's pretty printer, except that an array holding no object or array stays on one line. */
    private static final class VectorPrettyPrinter extends DefaultPrettyPrinter {

        VectorPrettyPrinter() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
            DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
            indentObjectsWith(twoSpaces);
            indentArraysWith(twoSpaces);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new VectorPrettyPrinter();
        }

        /** The array being written is the generator's current value (set by Jackson's list serializers). */
        private static boolean flat(JsonGenerator g) {
            return g.currentValue() instanceof List<?> l
                    && l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            if (flat(g)) {
                g.writeRaw('[');
            } else {
                super.writeStartArray(g);
            }
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!flat(g)) {
                super.beforeArrayValues(g);
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (flat(g)) {
                g.writeRaw(", ");
            } else {
                super.writeArrayValueSeparator(g);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (flat(g)) {
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, nrOfValues);
            }
        }
    }

    /** Anything outside printable ASCII but a newline as a lower-case \\u escape, as the files have always had it. */
    private static final class AsciiEscapes extends CharacterEscapes {

        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            for (int c = 0; c < 0x20; c++) {
                ASCII[c] = c == '\n' ? ASCII[c] : ESCAPE_CUSTOM;
            }
            ASCII[0x7f] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
