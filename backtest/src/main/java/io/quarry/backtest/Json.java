package io.quarry.backtest;

import io.quarry.evaluator.JsonText;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON from maps, lists, strings, numbers, booleans and null: objects keep their map order,
 * non-finite numbers are written as null, output is indented by two spaces.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append(JsonText.quote(s));
        } else if (value instanceof Double v) {
            out.append(Double.isFinite(v) ? Double.toString(v) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, indent);
        } else if (value instanceof List<?> list) {
            array(list, out, indent);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON");
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            pad(out, indent + 1);
            out.append(JsonText.quote(String.valueOf(e.getKey())));
            out.append(": ");
            write(e.getValue(), out, indent + 1);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        pad(out, indent);
        out.append('}');
    }

    /** Lists of scalars stay on one line; lists of objects or lists get one element a line. */
    private static void array(List<?> list, StringBuilder out, int indent) {
        boolean nested = list.stream().anyMatch(v -> v instanceof Map || v instanceof List);
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (nested) {
                out.append('\n');
                pad(out, indent + 1);
            }
            write(list.get(i), out, indent + 1);
            if (i + 1 < list.size()) {
                out.append(nested ? "," : ", ");
            }
        }
        if (nested && !list.isEmpty()) {
            out.append('\n');
            pad(out, indent);
        }
        out.append(']');
    }

    private static void pad(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

}
