package io.quarry.connectors.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the wire formats: objects read into maps (string, {@link Double}, {@link Boolean}, null,
 * list, map values), objects written through a generator. Duplicate keys are errors, as are trailing
 * tokens after the object.
 */
final class Json {

    /**
     * Doubles are written with Jackson's Schubfach writer (the text {@link ShortestDecimal} writes for
     * the values and bars records, which skip the generator) and read with its fast parser: both exact
     * (every double reads back bit for bit), and together about twice as fast as JDK 17's
     * {@code Double.toString} and {@code parseDouble} (300 against 560 ns per value written and
     * read back, in 25-value records), the main cost of the streaming job's JSON.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** Writes one object. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    static byte[] object(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** The JSON text of a string value: quoted and escaped as the generator writes it, UTF-8. */
    static byte[] string(String value) {
        if (plainAscii(value)) {
            byte[] text = new byte[value.length() + 2];
            text[0] = '"';
            for (int i = 0; i < value.length(); i++) {
                text[i + 1] = (byte) value.charAt(i);
            }
            text[text.length - 1] = '"';
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 2);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** Printable ASCII without quote or backslash: the characters the generator writes as they are. */
    private static boolean plainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A number, or null when it is not finite (NaN is null on the wire). */
    static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    /** A parser of the wire formats' JSON (duplicate keys are errors). */
    static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /**
     * Reads one JSON object.
     *
     * @throws IllegalArgumentException with the parser's located message when the text is not one
     *                                  JSON object
     */
    static Map<String, Object> parseObject(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> map = readObject(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object at column "
                        + p.currentLocation().getColumnNr());
            }
            return map;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, readValue(p));
        }
        return map;
    }

    private static Object readValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + p.currentToken());
        };
    }

    /** The field as a number: a JSON number, or NaN for null or absent; else an error naming it. */
    static double number(Map<String, Object> map, String name) {
        Object v = map.get(name);
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("field '" + name + "' is not a number: " + v);
    }

    /** The field as a string; an error naming it when absent or not a string. */
    static String string(Map<String, Object> map, String name) {
        Object v = map.get(name);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(v == null ? "missing field '" + name + "'"
                : "field '" + name + "' is not a string: " + v);
    }

    /** Checks the {@code v} field: the only version there is, 1. */
    static void version(Map<String, Object> map) {
        Object v = map.get("v");
        if (v == null) {
            throw new IllegalArgumentException("missing field 'v' (the format version, 1)");
        }
        if (!Double.valueOf(1).equals(v)) {
            throw new IllegalArgumentException("unsupported format version " + v + " (this reads version 1)");
        }
    }
}
